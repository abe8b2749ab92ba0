import type { ActivationQuant, Context } from "@/lib/convert/context";
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
 * Integer weights behind DequantizeLinear, the QDQ form that runtimes fuse into integer convs:
 * the source's own quantized weights when it has them, else int8 symmetric per output channel.
 * The bias becomes int32 at scale input·weight, as integer conv kernels expect.
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
  let values: Int8Array | Uint8Array;
  let scales: number[];
  let zeroPoints: number[];
  if (w.data && w.quant && (w.type === "int8" || w.type === "uint8")) {
    const raw = layout(Float32Array.from(rawValues(w)));
    values = w.type === "int8" ? Int8Array.from(raw) : Uint8Array.from(raw);
    scales = w.quant.scale;
    if (scales.length !== 1 && scales.length !== channels)
      throw new ConvertError(`weights have ${scales.length} scales for ${channels} filters`);
    zeroPoints = scales.map((_, c) => w.quant!.zeroPoint[c] ?? 0);
  } else {
    const real = layout(ctx.constant(op.inputs[1]).data);
    scales = Array.from({ length: channels }, (_, c) => {
      let max = 0;
      for (let i = c * perChannel; i < (c + 1) * perChannel; i++) max = Math.max(max, Math.abs(real[i]));
      return max > 0 ? max / 127 : 1;
    });
    values = Int8Array.from(real, (v, i) => Math.round(v / scales[Math.floor(i / perChannel)]));
    zeroPoints = scales.map(() => 0);
  }
  const type = values instanceof Int8Array ? "int8" : "uint8";
  const axis: Record<string, number> = scales.length > 1 ? { axis: 0 } : {};
  const dims = scales.length > 1 ? [channels] : [];
  const zp = type === "int8" ? Int8Array.from(zeroPoints) : Uint8Array.from(zeroPoints);
  const inputs = [
    g.node(
      "DequantizeLinear",
      [
        g.constant(`${name}/weights_q`, type, shape, values),
        g.floats(`${name}/weights_scale`, dims, scales),
        g.constant(`${name}/weights_zero_point`, type, dims, zp),
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
