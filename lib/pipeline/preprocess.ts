import type { RawImage } from "@/lib/contract";

/** Source offsets and weight numerators (over GRID) for one output axis. */
type AxisTable = { lo: Int32Array; hi: Int32Array; frac: Int32Array };

/**
 * Stretches the image to size×size and returns planar [3, size, size] float32
 * values 0..255 (no normalisation): the reference pipeline's input.
 */
export function preprocess(image: RawImage, size: number): Float32Array {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`Model input size must be a positive integer, got ${size}`);
  }
  return resizeImage(image, size, size);
}

/**
 * Resizes the image to width×height and returns planar [3, height, width] float32
 * values 0..255. Output pixel (x, y) samples the source at (x·W/width, y·H/height)
 * bilinearly, neighbours clamped at the border, and is rounded half up to an integer.
 * Like OpenCV's fixed-point warp (INTER_LINEAR, 8-bit), which MediaPipe's
 * ImageToTensorCalculator runs on the CPU, each position is first rounded to the
 * nearest 1/GRID of a pixel, so the weights are k/GRID and the sum is exact in integers.
 */
export function resizeImage(image: RawImage, width: number, height: number): Float32Array {
  const { data, channels } = image;
  for (const [name, v] of [
    ["Output width", width],
    ["Output height", height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width < 1 || image.height < 1) {
    throw new RangeError(`Image size must be positive integers, got ${image.width}×${image.height}`);
  }
  if (data.length !== image.width * image.height * channels) {
    throw new RangeError(`Image data has ${data.length} bytes, expected ${image.width}×${image.height}×${channels}`);
  }
  const xs = axisTable(image.width, width, channels);
  const ys = axisTable(image.height, height, image.width * channels);
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let y = 0, o = 0; y < height; y++) {
    const row0 = ys.lo[y];
    const row1 = ys.hi[y];
    const wy1 = ys.frac[y];
    const wy0 = GRID - wy1;
    for (let x = 0; x < width; x++, o++) {
      const wx1 = xs.frac[x];
      const wx0 = GRID - wx1;
      const w00 = wx0 * wy0;
      const w01 = wx1 * wy0;
      const w10 = wx0 * wy1;
      const w11 = wx1 * wy1;
      const a = row0 + xs.lo[x];
      const b = row0 + xs.hi[x];
      const c = row1 + xs.lo[x];
      const d = row1 + xs.hi[x];
      const o1 = o + plane;
      const o2 = o1 + plane;
      // Rounds half up: each sum is a non-negative integer below 2^31 over GRID² = 2^SHIFT.
      out[o] = (data[a] * w00 + data[b] * w01 + data[c] * w10 + data[d] * w11 + HALF) >> SHIFT;
      out[o1] = (data[a + 1] * w00 + data[b + 1] * w01 + data[c + 1] * w10 + data[d + 1] * w11 + HALF) >> SHIFT;
      out[o2] = (data[a + 2] * w00 + data[b + 2] * w01 + data[c + 2] * w10 + data[d + 2] * w11 + HALF) >> SHIFT;
    }
  }
  return out;
}

/** Grey that the models' normalisation ((x − 127.5) / 127.5) maps to 0. */
export const PAD_VALUE = 127.5;

/** Places planar [channels, h, w] values at the top left of a [channels, height, width] plane filled with `fill`. */
export function padPlanar(
  data: Float32Array,
  channels: number,
  h: number,
  w: number,
  height: number,
  width: number,
  fill = PAD_VALUE,
): Float32Array {
  if (h > height || w > width) throw new RangeError(`${w}×${h} does not fit in ${width}×${height}`);
  const out = new Float32Array(channels * height * width).fill(fill);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < h; y++) {
      const from = (c * h + y) * w;
      out.set(data.subarray(from, from + w), (c * height + y) * width);
    }
  }
  return out;
}

/** Mirrors planar [channels, height, width] values left to right. */
export function mirrorPlanar(data: Float32Array, channels: number, height: number, width: number): Float32Array {
  const out = new Float32Array(channels * height * width);
  for (let row = 0; row < channels * height; row++) {
    const base = row * width;
    for (let x = 0; x < width; x++) out[base + x] = data[base + width - 1 - x];
  }
  return out;
}

/** OpenCV's INTER_TAB_SIZE: sampling positions are rounded to 1/32 of a source pixel. */
const GRID = 32;
/** GRID² as a power of two: the weighted sum's denominator. */
const SHIFT = 2 * Math.log2(GRID);
const HALF = 1 << (SHIFT - 1);

/** Per output position: the two source offsets (source index × step) and the weight of the second, over GRID. */
function axisTable(source: number, size: number, step: number): AxisTable {
  const lo = new Int32Array(size);
  const hi = new Int32Array(size);
  const frac = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const pos = Math.floor((2 * GRID * i * source + size) / (2 * size));
    const rem = pos % GRID;
    const i0 = (pos - rem) / GRID;
    lo[i] = Math.min(i0, source - 1) * step;
    hi[i] = Math.min(i0 + 1, source - 1) * step;
    frac[i] = rem;
  }
  return { lo, hi, frac };
}
