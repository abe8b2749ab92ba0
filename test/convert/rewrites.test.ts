// Graph rewrites that change the ONNX graph's shape must not change its output.
import onnxProto from "onnx-proto";
import { expect, test } from "vitest";
import { convertTflite } from "@/lib/convert";
import {
  OP,
  concatOptions,
  convOptions,
  f32,
  i32,
  poolOptions,
  resizeOptions,
  buildTflite,
  type ModelSpec,
} from "@/test/helpers/tflite-builder";
import { convertAndRun, expectClose, random } from "@/test/convert/harness";
import { tensor } from "@/test/convert/reference";

const S = 5;
const r = random(11);
const constant = (shape: number[], lo = -0.5, hi = 0.5) => ({
  shape,
  data: f32(
    r.floats(
      shape.reduce((a, b) => a * b, 1),
      lo,
      hi,
    ),
  ),
});

/** A DeepLab-like head: image pooling (pool → 1×1 conv → resize 1→S) beside a 1×1 branch, concatenated, projected. */
function head(pooledFirst: boolean): ModelSpec {
  const tensors = [
    { shape: [1, S, S, 3] }, // 0 input
    { shape: [1, 1, 1, 3] }, // 1 pooled
    constant([4, 1, 1, 3]),
    constant([4]), // 2, 3 pooling conv
    { shape: [1, 1, 1, 4] }, // 4 pooled feature
    { shape: [2], type: "int32" as const, data: i32([S, S]) }, // 5 size
    { shape: [1, S, S, 4] }, // 6 broadcast
    constant([6, 1, 1, 3]),
    constant([6]), // 7, 8 branch conv
    { shape: [1, S, S, 6] }, // 9 branch
    { shape: [1, S, S, 10] }, // 10 concat
    constant([7, 1, 1, 10]),
    constant([7]), // 11, 12 projection
    { shape: [1, S, S, 7] }, // 13 output
    { shape: [1, S, S, 7] }, // 14 identity-resized output
    { shape: [2], type: "int32" as const, data: i32([S, S]) }, // 15 same size
  ];
  return {
    tensors,
    ops: [
      {
        code: OP.AVERAGE_POOL_2D,
        inputs: [0],
        outputs: [1],
        options: poolOptions({ padding: "VALID", stride: S, filter: S }),
      },
      { code: OP.CONV_2D, inputs: [1, 2, 3], outputs: [4], options: convOptions({ act: "RELU" }) },
      { code: OP.RESIZE_BILINEAR, inputs: [4, 5], outputs: [6], options: resizeOptions({ alignCorners: true }) },
      { code: OP.CONV_2D, inputs: [0, 7, 8], outputs: [9], options: convOptions({ act: "RELU" }) },
      { code: OP.CONCATENATION, inputs: pooledFirst ? [6, 9] : [9, 6], outputs: [10], options: concatOptions(3) },
      { code: OP.CONV_2D, inputs: [10, 11, 12], outputs: [13], options: convOptions({ act: "RELU6" }) },
      { code: OP.RESIZE_BILINEAR, inputs: [13, 15], outputs: [14], options: resizeOptions({ alignCorners: true }) },
    ],
    inputs: [0],
    outputs: [14],
  };
}

const opTypes = (onnx: Uint8Array) => onnxProto.onnx.ModelProto.decode(onnx).graph!.node!.map((n) => n.opType);

test.each([true, false])(
  "image pooling split and identity resize dropped give the same logits (pooled branch first: %s)",
  async (pooledFirst) => {
    const spec = head(pooledFirst);
    const x = tensor([1, S, S, 3], random(12).floats(S * S * 3, 0, 255));
    const kept = await convertAndRun(spec, x, { mean: 127.5, std: 127.5, keepImagePooling: true });
    const split = await convertAndRun(spec, x, { mean: 127.5, std: 127.5 });
    expectClose(split.output, kept.output, 1e-5);
    const before = opTypes(convertTflite(buildTflite(spec), { keepImagePooling: true }).onnx);
    const after = opTypes(convertTflite(buildTflite(spec)).onnx);
    expect(before.filter((t) => t === "Resize")).toHaveLength(1);
    expect(before).toContain("Concat");
    expect(after).not.toContain("Resize");
    expect(after).not.toContain("Concat");
  },
);
