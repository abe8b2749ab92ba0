// Converts a built TFLite graph, runs it on onnxruntime-node, and compares NHWC results.
import * as ort from "onnxruntime-node";
import { expect } from "vitest";
import { convertTflite, type ConvertOptions, type ConvertResult } from "@/lib/convert";
import { buildTflite, type ModelSpec } from "@/test/helpers/tflite-builder";
import { tensor, type Nhwc } from "@/test/convert/reference";

export { random } from "@/test/convert/random";

export interface Run {
  output: Nhwc;
  result: ConvertResult;
}

/** Converts and runs with `input` (NHWC, the values fed as `image`); the output comes back NHWC. */
export async function convertAndRun(
  spec: ModelSpec,
  input: Nhwc,
  options: ConvertOptions = { mean: 0, std: 1 },
): Promise<Run> {
  const result = convertTflite(buildTflite(spec), options);
  const session = await ort.InferenceSession.create(result.onnx);
  try {
    const [, h, w, c] = input.shape;
    const nchw = new Float32Array(c * h * w);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) nchw[(k * h + y) * w + x] = input.data[(y * w + x) * c + k];
    const outputs = await session.run({ image: new ort.Tensor("float32", nchw, [1, c, h, w]) });
    const logits = outputs.logits;
    const [n, oc, oh, ow] = logits.dims as number[];
    const data = logits.data as Float32Array;
    const output = tensor([n, oh, ow, oc]);
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++)
        for (let k = 0; k < oc; k++) output.data[(y * ow + x) * oc + k] = data[(k * oh + y) * ow + x];
    return { output, result };
  } finally {
    await session.release();
  }
}

/** Same shape, and every element within tol of the expected, relative to the larger of 1 and the largest |expected|. */
export function expectClose(actual: Nhwc, expected: Nhwc, tol = 1e-5) {
  expect(actual.shape).toEqual(expected.shape);
  const scale = Math.max(1, ...expected.data.map(Math.abs));
  let worst = 0,
    at = -1;
  for (let i = 0; i < expected.data.length; i++) {
    const d = Math.abs(actual.data[i] - expected.data[i]);
    if (!(d <= worst)) [worst, at] = [d, i];
  }
  expect(worst, `element ${at}: ${actual.data[at]} vs ${expected.data[at]}`).toBeLessThanOrEqual(tol * scale);
}

/**
 * Quantized outputs come back dequantized: each must sit on the grid of `scale`, and its step must
 * equal the expected one, save rare rounding ties (at most one step, on at most 2% of elements).
 * Returns how many elements were one step off.
 */
export function expectOnGrid(actual: Nhwc, expectedSteps: number[], scale: number): number {
  expect(actual.data.length).toBe(expectedSteps.length);
  let offByOne = 0;
  for (let i = 0; i < expectedSteps.length; i++) {
    const steps = actual.data[i] / scale;
    expect(Math.abs(steps - Math.round(steps)), `element ${i} off the grid: ${actual.data[i]}`).toBeLessThan(1e-3);
    const diff = Math.abs(Math.round(steps) - expectedSteps[i]);
    expect(diff, `element ${i}: step ${Math.round(steps)} vs ${expectedSteps[i]}`).toBeLessThanOrEqual(1);
    offByOne += diff;
  }
  expect(offByOne).toBeLessThanOrEqual(Math.ceil(0.02 * expectedSteps.length));
  return offByOne;
}
