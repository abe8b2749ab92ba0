// A float source quantized with calibration ranges becomes a QDQ model close to the float one.
import onnxProto from "onnx-proto";
import { expect, test } from "vitest";
import { buildTflite } from "@/test/helpers/tflite-builder";
import { convertAndRun } from "@/test/convert/harness";
import { options, outMax, ranges, spec, tolerance, worstError, x } from "@/test/convert/calibrated-case";
import { convertTflite } from "@/lib/convert";

test("calibrated QDQ conv stays within quantization error of the float conv", async () => {
  const { output } = await convertAndRun(spec, x, options);
  const worst = worstError(output.data);
  console.info(`calibrated conv: worst |Δ| ${worst.toFixed(4)} (output step ${(outMax / 255).toFixed(4)})`);
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
