// A float source quantized with calibration ranges becomes a QDQ model close to the float one.
import onnxProto from "onnx-proto";
import { expect, test } from "vitest";
import { buildTflite, convOptions, f32, OP, type ModelSpec } from "@/test/helpers/tflite-builder";
import { convertAndRun, random } from "@/test/convert/harness";
import * as ref from "@/test/convert/reference";
import { tensor } from "@/test/convert/reference";
import { convertTflite } from "@/lib/convert";

const rnd = random(7);
const x = tensor([1, 6, 6, 3], rnd.floats(108, -1, 1));
const w = tensor([4, 3, 3, 3], rnd.floats(108, -0.5, 0.5));
const b = rnd.floats(4, -0.2, 0.2);
const y = ref.conv2d(x, w, b, { padding: "SAME", stride: 1, act: "RELU6" });
const spec: ModelSpec = {
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
const outMax = Math.max(...y.data);
const ranges: Record<string, [number, number]> = { in: [-1, 1], out: [0, outMax] };

test("calibrated QDQ conv stays within quantization error of the float conv", async () => {
  const { output } = await convertAndRun(spec, x, { mean: 0, std: 1, qdq: true, ranges });
  const step = outMax / 255;
  // Input (2/255) and per-channel weight rounding, accumulated over 27 taps, plus one output step.
  const tolerance = 3 * step + 27 * 0.5 * (2 / 255 + 0.5 / 127) * 0.5;
  let worst = 0;
  for (let i = 0; i < y.data.length; i++) worst = Math.max(worst, Math.abs(output.data[i] - y.data[i]));
  console.info(`calibrated conv: worst |Δ| ${worst.toFixed(4)} (output step ${step.toFixed(4)})`);
  expect(worst).toBeLessThan(tolerance);
  expect(worst).toBeGreaterThan(0);
});

test("a clip that the quantized grid already imposes is left out, one it does not is kept", () => {
  const ops = (r: Record<string, [number, number]>) =>
    onnxProto.onnx.ModelProto.decode(
      convertTflite(buildTflite(spec), { mean: 0, std: 1, qdq: true, ranges: r }).onnx,
    ).graph!.node!.map((n) => n.opType);
  const within = ops(ranges);
  expect(within).toContain("QuantizeLinear");
  expect(within).toContain("DequantizeLinear");
  expect(within).not.toContain("Clip");
  // A range reaching below 0 puts the zero point above 0: the ReLU's lower bound must stay.
  expect(ops({ in: [-1, 1], out: [-1, outMax] })).toContain("Clip");
});
