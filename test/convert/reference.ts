// Naive NHWC reference kernels for the converter tests, written from the TFLite op definitions.

/** An NHWC tensor: shape [n, h, w, c]. */
export interface Nhwc {
  shape: number[];
  data: Float64Array;
}

export type Act = "NONE" | "RELU" | "RELU6" | "RELU_N1_TO_1";
export type Padding = "SAME" | "VALID";

export function tensor(shape: number[], data?: ArrayLike<number>): Nhwc {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: data ? Float64Array.from(data) : new Float64Array(n) };
}

const index = (t: Nhwc, n: number, y: number, x: number, c: number) =>
  ((n * t.shape[1] + y) * t.shape[2] + x) * t.shape[3] + c;
export const get = (t: Nhwc, n: number, y: number, x: number, c: number) => t.data[index(t, n, y, x, c)];
const set = (t: Nhwc, n: number, y: number, x: number, c: number, v: number) => (t.data[index(t, n, y, x, c)] = v);

export function activate(v: number, act: Act = "NONE"): number {
  if (act === "RELU") return Math.max(v, 0);
  if (act === "RELU6") return Math.min(Math.max(v, 0), 6);
  if (act === "RELU_N1_TO_1") return Math.min(Math.max(v, -1), 1);
  return v;
}

/** Output size and padding before, for one spatial axis. */
function window(
  size: number,
  k: number,
  stride: number,
  dilation: number,
  padding: Padding,
): [out: number, before: number] {
  const span = (k - 1) * dilation + 1;
  if (padding === "VALID") return [Math.floor((size - span) / stride) + 1, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + span - size, 0);
  return [out, Math.floor(total / 2)];
}

export interface ConvParams {
  padding: Padding;
  stride?: number;
  dilation?: number;
  act?: Act;
}

/**
 * Conv over every batch. `taps(o)` lists, for output channel o, the (input channel, weight
 * lookup) pairs; conv2d and depthwise differ only there.
 */
function convolve(
  x: Nhwc,
  kh: number,
  kw: number,
  outC: number,
  p: ConvParams,
  weight: (o: number, ky: number, kx: number, i: number) => number,
  inputs: (o: number) => number[],
  bias?: ArrayLike<number>,
): Nhwc {
  const [n, h, w] = x.shape;
  const stride = p.stride ?? 1,
    dilation = p.dilation ?? 1;
  const [outH, top] = window(h, kh, stride, dilation, p.padding);
  const [outW, left] = window(w, kw, stride, dilation, p.padding);
  const out = tensor([n, outH, outW, outC]);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let o = 0; o < outC; o++) {
          let sum = bias ? bias[o] : 0;
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const iy = oy * stride - top + ky * dilation;
              const ix = ox * stride - left + kx * dilation;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              for (const i of inputs(o)) sum += get(x, b, iy, ix, i) * weight(o, ky, kx, i);
            }
          set(out, b, oy, ox, o, activate(sum, p.act));
        }
  return out;
}

/** Weights [O, kh, kw, I]. */
export function conv2d(x: Nhwc, weights: Nhwc, bias: ArrayLike<number> | undefined, p: ConvParams): Nhwc {
  const [outC, kh, kw, inC] = weights.shape;
  const all = Array.from({ length: inC }, (_, i) => i);
  return convolve(
    x,
    kh,
    kw,
    outC,
    p,
    (o, ky, kx, i) => get(weights, o, ky, kx, i),
    () => all,
    bias,
  );
}

/** Weights [1, kh, kw, C·M]; output channel o reads input channel floor(o / M). */
export function depthwise(
  x: Nhwc,
  weights: Nhwc,
  bias: ArrayLike<number> | undefined,
  p: ConvParams & { multiplier?: number },
): Nhwc {
  const [, kh, kw, outC] = weights.shape;
  const m = p.multiplier ?? 1;
  return convolve(
    x,
    kh,
    kw,
    outC,
    p,
    (o, ky, kx) => get(weights, 0, ky, kx, o),
    (o) => [Math.floor(o / m)],
    bias,
  );
}

/** Average over the window's in-image cells only. */
export function averagePool(x: Nhwc, filter: number, stride: number, padding: Padding, act: Act = "NONE"): Nhwc {
  const [n, h, w, c] = x.shape;
  const [outH, top] = window(h, filter, stride, 1, padding);
  const [outW, left] = window(w, filter, stride, 1, padding);
  const out = tensor([n, outH, outW, c]);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let k = 0; k < c; k++) {
          let sum = 0,
            count = 0;
          for (let fy = 0; fy < filter; fy++)
            for (let fx = 0; fx < filter; fx++) {
              const iy = oy * stride - top + fy,
                ix = ox * stride - left + fx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              sum += get(x, b, iy, ix, k);
              count++;
            }
          set(out, b, oy, ox, k, activate(sum / count, act));
        }
  return out;
}

export function concatChannels(parts: Nhwc[]): Nhwc {
  const [n, h, w] = parts[0].shape;
  const c = parts.reduce((s, p) => s + p.shape[3], 0);
  const out = tensor([n, h, w, c]);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let k = 0;
        for (const p of parts) for (let j = 0; j < p.shape[3]; j++) set(out, b, y, x, k++, get(p, b, y, x, j));
      }
  return out;
}

export type ResizeMode = "align_corners" | "half_pixel_centers" | "none";

export function resizeBilinear(x: Nhwc, outH: number, outW: number, mode: ResizeMode): Nhwc {
  const [n, h, w, c] = x.shape;
  const source = (dst: number, size: number, outSize: number): [number, number, number] => {
    let src: number;
    if (mode === "align_corners") src = outSize > 1 ? (dst * (size - 1)) / (outSize - 1) : 0;
    else if (mode === "half_pixel_centers") src = ((dst + 0.5) * size) / outSize - 0.5;
    else src = (dst * size) / outSize;
    const floor = Math.floor(src);
    const lo = Math.max(floor, 0);
    const hi = Math.min(Math.ceil(src), size - 1);
    return [lo, hi, src - lo];
  };
  const out = tensor([n, outH, outW, c]);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++) {
        const [y0, y1, dy] = source(oy, h, outH);
        const [x0, x1, dx] = source(ox, w, outW);
        for (let k = 0; k < c; k++) {
          const top = get(x, b, y0, x0, k) * (1 - dx) + get(x, b, y0, x1, k) * dx;
          const bottom = get(x, b, y1, x0, k) * (1 - dx) + get(x, b, y1, x1, k) * dx;
          set(out, b, oy, ox, k, top * (1 - dy) + bottom * dy);
        }
      }
  return out;
}

/** Elementwise op of `a` with a value looked up per position (a broadcast constant or another tensor). */
export function binary(
  a: Nhwc,
  b: (n: number, y: number, x: number, c: number) => number,
  f: (p: number, q: number) => number,
  act: Act = "NONE",
): Nhwc {
  const [n, h, w, c] = a.shape;
  const out = tensor(a.shape);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) set(out, i, y, x, k, activate(f(get(a, i, y, x, k), b(i, y, x, k)), act));
  return out;
}

/** paddings [[top, bottom], [left, right]]; output batch (by·bw + bx)·N + n. */
export function spaceToBatch(x: Nhwc, block: [number, number], paddings: [[number, number], [number, number]]): Nhwc {
  const [n, h, w, c] = x.shape;
  const [bh, bw] = block;
  const [[top, bottom], [left, right]] = paddings;
  const ph = h + top + bottom,
    pw = w + left + right;
  if (ph % bh || pw % bw) throw new Error("padded size not divisible by block");
  const out = tensor([n * bh * bw, ph / bh, pw / bw, c]);
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++)
      for (let b = 0; b < n; b++)
        for (let y = 0; y < ph / bh; y++)
          for (let xx = 0; xx < pw / bw; xx++)
            for (let k = 0; k < c; k++) {
              const sy = y * bh + by - top,
                sx = xx * bw + bx - left;
              const v = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0 : get(x, b, sy, sx, k);
              set(out, (by * bw + bx) * n + b, y, xx, k, v);
            }
  return out;
}

/** Inverse of spaceToBatch, then crops [[top, bottom], [left, right]]. */
export function batchToSpace(x: Nhwc, block: [number, number], crops: [[number, number], [number, number]]): Nhwc {
  const [nb, h, w, c] = x.shape;
  const [bh, bw] = block;
  const n = nb / (bh * bw);
  const [[top, bottom], [left, right]] = crops;
  const outH = h * bh - top - bottom,
    outW = w * bw - left - right;
  const out = tensor([n, outH, outW, c]);
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++)
      for (let b = 0; b < n; b++)
        for (let y = 0; y < h; y++)
          for (let xx = 0; xx < w; xx++) {
            const oy = y * bh + by - top,
              ox = xx * bw + bx - left;
            if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
            for (let k = 0; k < c; k++) set(out, b, oy, ox, k, get(x, (by * bw + bx) * n + b, y, xx, k));
          }
  return out;
}

export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Quantized value of v on a grid (scale, zero point), saturated to [lo, hi]. */
export function quantize(v: number, scale: number, zeroPoint: number, lo: number, hi: number): number {
  return Math.min(Math.max(roundHalfEven(v / scale) + zeroPoint, lo), hi);
}
