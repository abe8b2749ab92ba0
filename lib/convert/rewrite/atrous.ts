import { constantProblem, rawValues } from "@/lib/convert/tensors";
import type { TfGraph, TfOp } from "@/lib/convert/tflite/reader";
import { PADDING } from "@/lib/convert/tflite/schema";
import { consumers } from "@/lib/convert/rewrite/consumers";

const CONVS = new Set(["CONV_2D", "DEPTHWISE_CONV_2D"]);

/**
 * SPACE_TO_BATCH_ND → conv → BATCH_TO_SPACE_ND is how TF expresses an atrous conv.
 * It equals one conv with dilation = block, padded by the STB paddings less the BTS crops
 * (plus the inner conv's own SAME padding, scaled by the dilation).
 */
export function foldAtrous(graph: TfGraph): TfGraph {
  const removed = new Set<TfOp>();
  const replaced = new Map<TfOp, TfOp>();
  for (const stb of graph.ops) {
    if (stb.name !== "SPACE_TO_BATCH_ND") continue;
    const [conv] = consumers(graph, stb.outputs[0]);
    if (!conv || !CONVS.has(conv.name) || consumers(graph, stb.outputs[0]).length !== 1) continue;
    const [bts] = consumers(graph, conv.outputs[0]);
    if (!bts || bts.name !== "BATCH_TO_SPACE_ND" || consumers(graph, conv.outputs[0]).length !== 1) continue;
    // Constants of the expected lengths: block ≥ 1, paddings and crops ≥ 0; anything else stays unfolded.
    const ints = (i: number, length: number, min: number) => {
      const t = graph.tensors[i];
      const values = constantProblem(t) ? [] : Array.from(rawValues(t));
      return values.length === length && values.every((v) => Number.isSafeInteger(v) && v >= min) ? values : null;
    };
    const block = ints(stb.inputs[1], 2, 1);
    const padding = ints(stb.inputs[2], 4, 0);
    const crops = ints(bts.inputs[2], 4, 0);
    const btsBlock = ints(bts.inputs[1], 2, 1);
    if (!block || !padding || !crops || !btsBlock || block.join() !== btsBlock.join()) continue;
    if (conv.options.strideH !== 1 || conv.options.strideW !== 1) continue;
    const weights = graph.tensors[conv.inputs[1]].shape;
    if (weights.length !== 4) continue;
    const [dh, dw] = block;
    const [kh, kw] = weights.slice(1, 3);
    const same = PADDING[conv.options.padding] === "SAME";
    const inner = (k: number, d: number) => (same ? Math.floor((k - 1) / 2) * d : 0);
    const innerEnd = (k: number, d: number) => (same ? (k - 1 - Math.floor((k - 1) / 2)) * d : 0);
    const pads = {
      padTop: padding[0] + inner(kh, dh) - crops[0],
      padBottom: padding[1] + innerEnd(kh, dh) - crops[1],
      padLeft: padding[2] + inner(kw, dw) - crops[2],
      padRight: padding[3] + innerEnd(kw, dw) - crops[3],
    };
    if (Object.values(pads).some((p) => p < 0)) continue;
    replaced.set(conv, {
      ...conv,
      inputs: [stb.inputs[0], ...conv.inputs.slice(1)],
      outputs: bts.outputs,
      options: { ...conv.options, dilationH: dh, dilationW: dw, ...pads },
    });
    removed.add(stb).add(bts);
  }
  return { ...graph, ops: graph.ops.filter((op) => !removed.has(op)).map((op) => replaced.get(op) ?? op) };
}
