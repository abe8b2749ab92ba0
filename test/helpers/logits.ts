/** Full bilinear (align-corners) resize of planar [C,h,w] scores: a plain reference, no shortcuts. */
export function resizeLogits(data: Float32Array, c: number, h: number, w: number, H: number, W: number): Float32Array {
  const out = new Float32Array(c * H * W);
  for (let y = 0; y < H; y++) {
    const sy = H > 1 ? (y * (h - 1)) / (H - 1) : 0;
    const y0 = Math.floor(sy),
      y1 = Math.min(y0 + 1, h - 1),
      fy = sy - y0;
    for (let x = 0; x < W; x++) {
      const sx = W > 1 ? (x * (w - 1)) / (W - 1) : 0;
      const x0 = Math.floor(sx),
        x1 = Math.min(x0 + 1, w - 1),
        fx = sx - x0;
      for (let k = 0; k < c; k++) {
        const p = data.subarray(k * h * w);
        const top = p[y0 * w + x0] + (p[y0 * w + x1] - p[y0 * w + x0]) * fx;
        const bottom = p[y1 * w + x0] + (p[y1 * w + x1] - p[y1 * w + x0]) * fx;
        out[k * H * W + y * W + x] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}

/** Planar [C,H,W] → per-pixel argmax (lowest index wins ties). */
export function argmaxPlanar(data: Float32Array, c: number, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    let best = data[i],
      arg = 0;
    for (let k = 1; k < c; k++)
      if (data[k * pixels + i] > best) {
        best = data[k * pixels + i];
        arg = k;
      }
    out[i] = arg;
  }
  return out;
}
