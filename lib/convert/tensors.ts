import type { TfTensor } from "@/lib/convert/tflite/reader";

export class ConvertError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConvertError";
  }
}

export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function view(t: TfTensor): DataView {
  const data = t.data!;
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Raw element values of a constant tensor, without dequantization. */
export function rawValues(t: TfTensor): number[] | Float32Array {
  if (!t.data) throw new ConvertError(`tensor ${t.index} "${t.name}" is not a constant`);
  const n = size(t.shape);
  const v = view(t);
  const bytes = { float32: 4, float16: 2, int32: 4, int64: 8, uint8: 1, int8: 1 }[t.type as string];
  if (!bytes) throw new ConvertError(`constant "${t.name}" has unsupported type ${t.type}`);
  if (t.data.byteLength < n * bytes) {
    throw new ConvertError(
      `constant "${t.name}" holds ${t.data.byteLength} bytes, its shape [${t.shape}] of ${t.type} needs ${n * bytes}`,
    );
  }
  if (t.type === "float32") return Float32Array.from({ length: n }, (_, i) => v.getFloat32(4 * i, true));
  const read: (i: number) => number = {
    float16: (i: number) => halfToFloat(v.getUint16(2 * i, true)),
    int32: (i: number) => v.getInt32(4 * i, true),
    int64: (i: number) => Number(v.getBigInt64(8 * i, true)),
    uint8: (i: number) => v.getUint8(i),
    int8: (i: number) => v.getInt8(i),
  }[t.type as "int32"];
  return Array.from({ length: n }, (_, i) => read(i));
}

/** A constant as float32, dequantized (per tensor or per channel) when it carries quantization. */
export function dequantize(t: TfTensor): Float32Array {
  const raw = rawValues(t);
  const out = Float32Array.from(raw);
  const q = t.quant;
  if (!q || t.type === "float32" || t.type === "float16") return out;
  const inner = size(t.shape.slice(q.axis + 1));
  const channels = q.scale.length;
  for (let i = 0; i < out.length; i++) {
    const c = channels === 1 ? 0 : Math.floor(i / inner) % channels;
    out[i] = (raw[i] - (q.zeroPoint[c] ?? 0)) * q.scale[c];
  }
  return out;
}

/** NHWC-ordered data to NCHW (or OHWI to OIHW: the same permutation). */
export function toChannelsFirst(data: Float32Array, shape: number[]): Float32Array {
  const [n, h, w, c] = shape;
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) out[((b * c + k) * h + y) * w + x] = data[((b * h + y) * w + x) * c + k];
  return out;
}

export const nchwShape = (nhwc: number[]) => (nhwc.length === 4 ? [nhwc[0], nhwc[3], nhwc[1], nhwc[2]] : nhwc);

/** NHWC axis → NCHW axis for rank-4 tensors. */
export const nchwAxis = (axis: number, rank: number) => {
  const a = axis < 0 ? axis + rank : axis;
  return rank === 4 ? [0, 2, 3, 1][a] : a;
};
