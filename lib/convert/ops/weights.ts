import { UINT8_SHIFT, type ActivationQuant, type Context } from "@/lib/convert/context";
import { ConvertError, rawValues, size } from "@/lib/convert/tensors";
import type { TfOp } from "@/lib/convert/tflite/reader";

type Layout = (data: Float32Array) => Float32Array;

/** Float weight and bias initializers, dequantized from whatever the source stores. */
export function floatWeights(op: TfOp, ctx: Context, shape: number[], layout: Layout): string[] {
  const g = ctx.onnx;
  const name = ctx.tensor(op.outputs[0]).name;
  const inputs = [g.floats(`${name}/weights`, shape, layout(ctx.constant(op.inputs[1]).data))];
  const b = bias(op, ctx, shape[0]);
  if (b) inputs.push(g.floats(`${name}/bias`, [shape[0]], b));
  return inputs;
}

/** The bias values, one per output channel, or null when the op has none. */
function bias(op: TfOp, ctx: Context, channels: number): Float32Array | null {
  if (op.inputs[2] === undefined || op.inputs[2] < 0) return null;
  const { data } = ctx.constant(op.inputs[2]);
  if (data.length !== channels) throw new ConvertError(`bias has ${data.length} values for ${channels} filters`);
  return data;
}

/**
 * uint8 weights behind DequantizeLinear, the QDQ form that runtimes fuse into integer convs: the
 * source's own quantized weights when it has them, else int8 symmetric per output channel. int8
 * values are stored shifted onto the uint8 grid (UINT8_SHIFT), exactly. The bias becomes int32 at
 * scale input·weight, as integer conv kernels expect.
 */
export function quantizedWeights(
  op: TfOp,
  ctx: Context,
  input: ActivationQuant,
  shape: number[],
  layout: Layout,
): string[] {
  const g = ctx.onnx;
  const name = ctx.tensor(op.outputs[0]).name;
  const w = ctx.tensor(op.inputs[1]);
  const channels = shape[0];
  const perChannel = size(shape) / channels;
  let values: Float32Array;
  let scales: number[];
  let zeroPoints: number[];
  if (w.data && w.quant && (w.type === "int8" || w.type === "uint8")) {
    const shift = w.type === "int8" ? UINT8_SHIFT : 0;
    values = layout(Float32Array.from(rawValues(w), (v) => v + shift));
    scales = w.quant.scale;
    if (scales.length !== 1 && scales.length !== channels)
      throw new ConvertError(`weights have ${scales.length} scales for ${channels} filters`);
    zeroPoints = scales.map((_, c) => (w.quant!.zeroPoint[c] ?? 0) + shift);
  } else {
    const real = layout(ctx.constant(op.inputs[1]).data);
    scales = Array.from({ length: channels }, (_, c) => {
      let max = 0;
      for (let i = c * perChannel; i < (c + 1) * perChannel; i++) max = Math.max(max, Math.abs(real[i]));
      return max > 0 ? max / 127 : 1;
    });
    values = Float32Array.from(real, (v, i) => Math.round(v / scales[Math.floor(i / perChannel)]) + UINT8_SHIFT);
    zeroPoints = scales.map(() => UINT8_SHIFT);
  }
  // onnxruntime's integer convs take one zero point for all of a conv's channels.
  if (zeroPoints.some((z) => z !== zeroPoints[0]))
    throw new ConvertError(`weights of "${name}" have per-channel zero points [${zeroPoints}], not one shared value`);
  const axis: Record<string, number> = scales.length > 1 ? { axis: 0 } : {};
  const dims = scales.length > 1 ? [channels] : [];
  const inputs = [
    g.node(
      "DequantizeLinear",
      [
        g.constant(`${name}/weights_q`, "uint8", shape, Uint8Array.from(values)),
        g.floats(`${name}/weights_scale`, dims, scales),
        g.constant(`${name}/weights_zero_point`, "uint8", dims, Uint8Array.from(zeroPoints)),
      ],
      axis,
      `${name}/weights`,
    ),
  ];
  const biasValues = bias(op, ctx, channels);
  if (biasValues) {
    const biasScales = Array.from({ length: channels }, (_, c) => input.scale * scales[scales.length > 1 ? c : 0]);
    const q = Int32Array.from(biasValues, (v, c) => Math.round(v / biasScales[c]));
    inputs.push(
      g.node(
        "DequantizeLinear",
        [g.constant(`${name}/bias_q`, "int32", [channels], q), g.floats(`${name}/bias_scale`, [channels], biasScales)],
        { axis: 0 },
        `${name}/bias`,
      ),
    );
  }
  return inputs;
}
