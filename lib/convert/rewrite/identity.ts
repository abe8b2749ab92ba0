import type { TfGraph } from "@/lib/convert/tflite/reader";

/** A resize to the size it already has changes nothing (some graphs carry a 33→33 one): bypass it. */
export function dropIdentityResize(graph: TfGraph): TfGraph {
  const same = graph.ops.filter(
    (op) =>
      op.name === "RESIZE_BILINEAR" &&
      graph.tensors[op.inputs[0]].shape.join() === graph.tensors[op.outputs[0]].shape.join(),
  );
  if (!same.length) return graph;
  const alias = new Map(same.map((op) => [op.outputs[0], op.inputs[0]]));
  const resolve = (i: number): number => (alias.has(i) ? resolve(alias.get(i)!) : i);
  return {
    ...graph,
    ops: graph.ops.filter((op) => !same.includes(op)).map((op) => ({ ...op, inputs: op.inputs.map(resolve) })),
    outputs: graph.outputs.map(resolve),
  };
}
