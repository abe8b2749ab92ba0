// Small TFLite models built for the bring-your-own-model tests (vitest and Playwright).
import { OP, buildTflite, convOptions, f32 } from "@/test/helpers/tflite-builder";

/** A 1×1 conv over a size×size RGB image: one row of 3 weights per class, no bias. */
function pointwiseModel(weights: number[], classes: number, size: number): Uint8Array {
  return buildTflite({
    tensors: [
      { shape: [1, size, size, 3], name: "image" },
      { shape: [classes, 1, 1, 3], data: f32(weights), name: "weights" },
      { shape: [classes], data: f32(new Array(classes).fill(0)), name: "bias" },
      { shape: [1, size, size, classes], name: "scores" },
    ],
    ops: [{ code: OP.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: convOptions() }],
    inputs: [0],
    outputs: [3],
  });
}

/**
 * Class 1 ("warm") where red beats blue, else class 0 ("cool"): a 1×1 conv over a 33×33 image. With 3 classes,
 * class 2 where green beats both.
 */
export function twoClassModel(size = 33, classes: 2 | 3 = 2): Uint8Array {
  return pointwiseModel([0, 0, 1, 1, 0, 0, 0, 1, 0].slice(0, 3 * classes), classes, size);
}
export const TWO_CLASS_LABELS = "cool\nwarm\n";

/** An image model with ops the converter has no handler for: TANH and a custom op. */
export function unsupportedOpModel(size = 9): Uint8Array {
  const t = { shape: [1, size, size, 3] };
  return buildTflite({
    tensors: [t, t, t, { ...t, shape: [1, size, size, 21] }],
    ops: [
      { code: OP.TANH, inputs: [0], outputs: [1] },
      { code: OP.CUSTOM, custom: "MyPostprocess", inputs: [1], outputs: [2] },
      { code: OP.CONV_2D, inputs: [2, 2], outputs: [3], options: convOptions() },
    ],
    inputs: [0],
    outputs: [3],
  });
}

/** `classes` classes by hue: class k where the normalised (R, G) points at angle 2πk/classes. */
export function hueModel(classes: number, size = 33): Uint8Array {
  const weights = Array.from({ length: classes }, (_, k) => [
    Math.cos((2 * Math.PI * k) / classes),
    Math.sin((2 * Math.PI * k) / classes),
    0,
  ]).flat();
  return pointwiseModel(weights, classes, size);
}
export const hueLabels = (classes: number) => Array.from({ length: classes }, (_, k) => `hue ${k}`).join("\n");
