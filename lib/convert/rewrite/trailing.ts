import { constantProblem, rawValues } from "@/lib/convert/tensors";
import type { TfGraph } from "@/lib/convert/tflite/reader";
import { consumers, producer } from "@/lib/convert/rewrite/consumers";

/** Sources that end in ARG_MAX output the tensor before it: the app always wants logits. */
export function dropTrailingArgmax(graph: TfGraph): TfGraph {
  return dropTrailing(graph, "ARG_MAX", () => true);
}

/**
 * An align-corners bilinear resize s→S with (S−1) divisible by (s−1) composes exactly with the
 * app's own align-corners upsampling to the image size, so the graph can end before it.
 */
export function dropExactTrailingResize(graph: TfGraph): TfGraph {
  return dropTrailing(graph, "RESIZE_BILINEAR", (op) => {
    if (!op.options.alignCorners) return false;
    const [, h, w] = graph.tensors[op.inputs[0]].shape;
    const sizes = graph.tensors[op.inputs[1]];
    if (constantProblem(sizes)) return false;
    const [newH, newW] = Array.from(rawValues(sizes));
    return h > 1 && w > 1 && (newH - 1) % (h - 1) === 0 && (newW - 1) % (w - 1) === 0;
  });
}

function dropTrailing(graph: TfGraph, name: string, ok: (op: TfGraph["ops"][number]) => boolean): TfGraph {
  let outputs = graph.outputs;
  let ops = graph.ops;
  for (const out of graph.outputs) {
    const op = producer(graph, out);
    if (!op || op.name !== name || consumers(graph, out).length || !ok(op)) continue;
    outputs = outputs.map((o) => (o === out ? op.inputs[0] : o));
    ops = ops.filter((o) => o !== op);
  }
  return { ...graph, ops, outputs };
}

/** In the converted graph activations are already float, so a final DEQUANTIZE is an identity. */
export function dropTrailingDequantize(graph: TfGraph): TfGraph {
  return dropTrailing(graph, "DEQUANTIZE", (op) => !graph.tensors[op.inputs[0]].data);
}
