import type { RawImage } from "@/lib/contract";

/** Source pixels and weight numerators (over `size`) for one output axis. */
type AxisTable = { lo: Int32Array; hi: Int32Array; frac: Int32Array };

/**
 * Stretches the image to size×size and returns planar [3, size, size] float32
 * values 0..255 (no normalisation). Output pixel (x, y) samples the source at
 * (x·W/size, y·H/size) bilinearly, neighbours clamped at the border, and is
 * rounded to an integer. Weights are exact fractions k/size, so the sum is
 * computed in integers and rounded half up without floating-point error.
 */
export function preprocess(image: RawImage, size: number): Float32Array {
  const { data, width, height, channels } = image;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`Model input size must be a positive integer, got ${size}`);
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`Image size must be positive integers, got ${width}×${height}`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(`Image data has ${data.length} bytes, expected ${width}×${height}×${channels}`);
  }
  const xs = axisTable(width, size);
  const ys = axisTable(height, size);
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  const denom = size * size;
  const stride = width * channels;
  for (let y = 0; y < size; y++) {
    const row0 = ys.lo[y] * stride;
    const row1 = ys.hi[y] * stride;
    const wy1 = ys.frac[y];
    const wy0 = size - wy1;
    for (let x = 0; x < size; x++) {
      const c0 = xs.lo[x] * channels;
      const c1 = xs.hi[x] * channels;
      const wx1 = xs.frac[x];
      const wx0 = size - wx1;
      const o = y * size + x;
      for (let ch = 0; ch < 3; ch++) {
        const top = data[row0 + c0 + ch] * wx0 + data[row0 + c1 + ch] * wx1;
        const bottom = data[row1 + c0 + ch] * wx0 + data[row1 + c1 + ch] * wx1;
        const sum = top * wy0 + bottom * wy1;
        out[ch * plane + o] = Math.floor((2 * sum + denom) / (2 * denom));
      }
    }
  }
  return out;
}

function axisTable(source: number, size: number): AxisTable {
  const lo = new Int32Array(size);
  const hi = new Int32Array(size);
  const frac = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const scaled = i * source;
    const rem = scaled % size;
    const i0 = (scaled - rem) / size;
    lo[i] = i0;
    hi[i] = Math.min(i0 + 1, source - 1);
    frac[i] = rem;
  }
  return { lo, hi, frac };
}
