// Quantized models must compute the same on every CPU. onnxruntime fuses QDQ convs with int8
// weights into u8s8 kernels, and on x86 without VNNI (AVX2 only) those add pairs of products in
// 16 bits with saturation: on such a CPU the int8 models lost 10 mIoU. The converter therefore
// writes every integer tensor as uint8, which runs on the exact u8u8 kernels everywhere. These
// tests check that form; int8-cpus.data.test.ts runs it on an emulated AVX2-only CPU.
import onnxProto from "onnx-proto";
import { expect, test } from "vitest";
import { convertTflite } from "@/lib/convert";
import { options, tflite } from "@/test/convert/calibrated-case";
import { buildTflite, convOptions, i32, i8, OP } from "@/test/helpers/tflite-builder";

const { onnx } = onnxProto;
const INTEGER = new Set([onnx.TensorProto.DataType.INT8, onnx.TensorProto.DataType.UINT8]);

/** Integer initializers by data type name. */
function integerTypes(bytes: Uint8Array): string[] {
  const model = onnx.ModelProto.decode(bytes);
  return model
    .graph!.initializer!.filter((t) => INTEGER.has(t.dataType!))
    .map((t) => onnx.TensorProto.DataType[t.dataType!]);
}

/** A conv whose source is int8 throughout: activations, and per-channel symmetric weights. */
const int8Source = () =>
  buildTflite({
    tensors: [
      { shape: [1, 4, 4, 3], type: "int8", quant: { scale: [0.02], zeroPoint: [-5] } },
      {
        shape: [3, 1, 1, 3],
        type: "int8",
        data: i8([100, -127, 7, 64, -90, 127, 3, -3, 50]),
        quant: { scale: [0.01, 0.02, 0.005], zeroPoint: [0, 0, 0], axis: 0 },
      },
      {
        shape: [3],
        type: "int32",
        data: i32([10, -20, 30]),
        quant: { scale: [0.0002, 0.0004, 0.0001], zeroPoint: [0, 0, 0] },
      },
      { shape: [1, 4, 4, 3], type: "int8", quant: { scale: [0.05], zeroPoint: [3] } },
    ],
    ops: [{ code: OP.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: convOptions() }],
    inputs: [0],
    outputs: [3],
  });

test("QDQ models carry every integer tensor as uint8, int8 sources and our own quantization alike", () => {
  for (const bytes of [
    convertTflite(tflite(), options).onnx,
    convertTflite(int8Source(), { mean: 0, std: 1, qdq: true }).onnx,
  ]) {
    const types = integerTypes(bytes);
    expect(types.length).toBeGreaterThan(0);
    expect(types.filter((t) => t !== "UINT8")).toEqual([]);
  }
});
