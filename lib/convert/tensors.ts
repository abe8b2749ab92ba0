import type { TfTensor } from "@/lib/convert/tflite/reader";

export class ConvertError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConvertError";
  }
}

export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

const BYTES: Partial<Record<TfTensor["type"], number>> = {
  float32: 4,
  float16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  int8: 1,
};

let halves: Float32Array | undefined;
/** Every float16 bit pattern as float32, which holds each exactly. */
const halfTable = () => (halves ??= Float32Array.from({ length: 0x10000 }, (_, h) => halfToFloat(h)));

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Why `t` cannot be read as a constant of its declared shape, or undefined when it can: its data
 * must cover shape × element size, so nothing read from it is ever larger than the file.
 */
export function constantProblem(t: TfTensor): string | undefined {
  if (!t.data) return `tensor ${t.index} "${t.name}" is not a constant`;
  const bytes = BYTES[t.type];
  if (!bytes) return `constant "${t.name}" has unsupported type ${t.type}`;
  const needed = size(t.shape) * bytes;
  if (t.data.byteLength < needed)
    return `constant "${t.name}" holds ${t.data.byteLength} bytes, its shape [${t.shape}] of ${t.type} needs ${needed}`;
  return undefined;
}

/** Raw element values of a constant tensor, without dequantization. */
export function rawValues(t: TfTensor): ArrayLike<number> {
  const problem = constantProblem(t);
  if (problem) throw new ConvertError(problem);
  const n = size(t.shape);
  const data = t.data!;
  // A copy, so the typed array is aligned; little-endian like every platform we run on (see onnx/write.ts).
  const copy = (bytes: number) => data.slice(0, n * bytes).buffer;
  switch (t.type) {
    case "float32":
      return new Float32Array(copy(4));
    case "int32":
      return new Int32Array(copy(4));
    case "uint8":
      return data.subarray(0, n);
    case "int8":
      return new Int8Array(data.buffer, data.byteOffset, n);
    case "int64":
      return Float64Array.from(new BigInt64Array(copy(8)), Number);
    default: {
      const bits = new Uint16Array(copy(2));
      const table = halfTable();
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = table[bits[i]];
      return out;
    }
  }
}

/** A constant as float32, dequantized (per tensor or per channel) when it carries quantization. */
export function dequantize(t: TfTensor): Float32Array {
  const raw = rawValues(t);
  const q = t.quant;
  if (!q || t.type === "float32" || t.type === "float16")
    return raw instanceof Float32Array ? raw : Float32Array.from(raw);
  const out = new Float32Array(raw.length);
  const inner = size(t.shape.slice(q.axis + 1));
  const channels = q.scale.length;
  if (channels > 1 && t.shape[q.axis] !== channels)
    throw new ConvertError(`constant "${t.name}" has ${channels} scales along axis ${q.axis} of [${t.shape}]`);
  // Runs of `inner` values share a channel, which cycles through the scales.
  const run = channels === 1 ? out.length : inner;
  for (let start = 0, c = 0; start < out.length; start += run, c = (c + 1) % channels) {
    const [scale, zeroPoint] = [q.scale[c], q.zeroPoint[c] ?? 0];
    const end = Math.min(start + run, out.length);
    for (let i = start; i < end; i++) out[i] = (raw[i] - zeroPoint) * scale;
  }
  return out;
}

/** NHWC-ordered data to NCHW (or OHWI to OIHW: the same permutation). */
export function toChannelsFirst(data: Float32Array, shape: number[]): Float32Array {
  const [n, h, w, c] = shape;
  if (shape.length !== 4 || data.length !== size(shape))
    throw new ConvertError(`${data.length} values cannot be laid out as [${shape}]`);
  const out = new Float32Array(data.length);
  // With a zero dimension the others may be anything: loop over nothing rather than over them.
  if (!data.length) return out;
  const plane = h * w;
  let from = 0;
  for (let b = 0; b < n; b++)
    for (let p = 0; p < plane; p++) {
      const base = b * c * plane + p;
      for (let k = 0; k < c; k++) out[base + k * plane] = data[from++];
    }
  return out;
}

export const nchwShape = (nhwc: number[]) => (nhwc.length === 4 ? [nhwc[0], nhwc[3], nhwc[1], nhwc[2]] : nhwc);

/** NHWC axis → NCHW axis for rank-4 tensors. */
export const nchwAxis = (axis: number, rank: number) => {
  const a = axis < 0 ? axis + rank : axis;
  return rank === 4 ? [0, 2, 3, 1][a] : a;
};
