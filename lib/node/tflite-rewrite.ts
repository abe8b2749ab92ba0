import { readTflite } from "@/lib/convert/tflite/reader";
import { ModelField, SubgraphField } from "@/lib/convert/tflite/schema";
import { Table } from "@/lib/convert/tflite/table";

/**
 * A copy of a TFLite file whose output is the tensor feeding its final ARG_MAX, so that a
 * reference runtime returns the scores (the Coral files end in an int64 ARG_MAX).
 */
export function outputBeforeArgmax(bytes: Uint8Array): Uint8Array {
  const graph = readTflite(bytes);
  const argmax = graph.ops.find((op) => op.name === "ARG_MAX" && op.outputs[0] === graph.outputs[0]);
  if (!argmax) return bytes;
  const copy = bytes.slice();
  const subgraph = Table.root(copy).tables(ModelField.Subgraphs)[0];
  const outputs = subgraph.vector(SubgraphField.Outputs, 4)!;
  new DataView(copy.buffer).setInt32(outputs.start, argmax.inputs[0], true);
  return copy;
}
