// One calibrated conv: a float source quantized to uint8 activations with int8-range weights.
import { buildTflite, convOptions, f32, OP, type ModelSpec } from "@/test/helpers/tflite-builder";
import { random } from "@/test/convert/random";
import * as ref from "@/test/convert/reference";
import { tensor } from "@/test/convert/reference";

const rnd = random(7);
export const x = tensor([1, 6, 6, 3], rnd.floats(108, -1, 1));
const w = tensor([4, 3, 3, 3], rnd.floats(108, -0.5, 0.5));
const b = rnd.floats(4, -0.2, 0.2);
export const y = ref.conv2d(x, w, b, { padding: "SAME", stride: 1, act: "RELU6" });
export const spec: ModelSpec = {
  tensors: [
    { shape: [1, 6, 6, 3], name: "in" },
    { shape: [4, 3, 3, 3], data: f32(w.data), name: "w" },
    { shape: [4], data: f32(b), name: "b" },
    { shape: y.shape, name: "out" },
  ],
  ops: [{ code: OP.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: convOptions({ act: "RELU6" }) }],
  inputs: [0],
  outputs: [3],
};
export const outMax = Math.max(...y.data);
export const ranges: Record<string, [number, number]> = { in: [-1, 1], out: [0, outMax] };
export const options = { mean: 0, std: 1, qdq: true, ranges };
export const tflite = () => buildTflite(spec);

/** Input (2/255) and per-channel weight rounding, accumulated over 27 taps, plus one output step. */
export const tolerance = 3 * (outMax / 255) + 27 * 0.5 * (2 / 255 + 0.5 / 127) * 0.5;

/** The largest |Δ| between an NHWC output and the float reference. */
export function worstError(nhwc: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < y.data.length; i++) worst = Math.max(worst, Math.abs(nhwc[i] - y.data[i]));
  return worst;
}
