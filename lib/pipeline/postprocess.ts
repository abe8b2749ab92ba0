// `/*#__NOINLINE__*/`: see lib/pipeline/segment.ts (the minifier must not turn per-image loops into closures).

/** Source cells and fraction for one output axis of a corner-aligned resize. */
type AxisTable = { lo: Int32Array; hi: Int32Array; frac: Float64Array };

/**
 * Bilinearly upsamples planar [classes, inH, inW] logits to outH×outW with
 * corner-aligned sampling (src = dst·span/(out−1), the span being in−1 unless
 * only part of the grid covers the image) and returns the per-pixel argmax;
 * ties go to the lowest class index.
 *
 * Interpolation, in float64: top = a00 + (a01 − a00)·fx,
 * bottom = a10 + (a11 − a10)·fx, value = top + (bottom − top)·fy.
 *
 * Shortcuts, both exact: when the four neighbouring input cells share the same
 * argmax c, the output is c without interpolating, because a convex combination
 * keeps c on top (strictly above lower-indexed classes). Otherwise only the
 * cell's candidates are interpolated: a class whose largest corner value lies
 * below some class's smallest corner value can never win inside the cell
 * (see cellCandidates). With float32 logits the gap between distinct values is
 * far larger than float64 rounding error, so both give the same result as
 * interpolating every channel.
 */
export function upsampleArgmax(
  logits: Float32Array,
  classes: number,
  inH: number,
  inW: number,
  outH: number,
  outW: number,
  spanH = inH - 1,
  spanW = inW - 1,
): Uint8Array {
  if (!Number.isInteger(classes) || classes < 1 || classes > 256) {
    throw new RangeError(`Class count must be an integer 1..256, got ${classes}`);
  }
  for (const [name, v] of [
    ["inH", inH],
    ["inW", inW],
    ["outH", outH],
    ["outW", outW],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  const plane = inH * inW;
  if (logits.length !== classes * plane) {
    throw new RangeError(`Logits have ${logits.length} values, expected ${classes}×${inH}×${inW}`);
  }
  checkSpans(inH, inW, spanH, spanW);
  const cellArg = /*#__NOINLINE__*/ argmaxCells(logits, classes, plane);
  const xs = axisTable(inW, outW, spanW);
  const ys = axisTable(inH, outH, spanH);
  const out = new Uint8Array(outH * outW);
  const candidates = new Array<Uint8Array | undefined>(plane);
  // Output columns come in runs that share their input cells (xs.lo never decreases).
  const runEnd = new Int32Array(outW);
  for (let x = outW - 1; x >= 0; x--) runEnd[x] = x + 1 < outW && xs.lo[x + 1] === xs.lo[x] ? runEnd[x + 1] : x + 1;
  for (let y = 0; y < outH; y++) {
    const r0 = ys.lo[y] * inW;
    const r1 = ys.hi[y] * inW;
    const fy = ys.frac[y];
    const row = y * outW;
    for (let start = 0; start < outW; start = runEnd[start]) {
      const i00 = r0 + xs.lo[start];
      const i01 = r0 + xs.hi[start];
      const i10 = r1 + xs.lo[start];
      const i11 = r1 + xs.hi[start];
      const c = cellArg[i00];
      if (c === cellArg[i01] && c === cellArg[i10] && c === cellArg[i11]) {
        out.fill(c, row + start, row + runEnd[start]);
        continue;
      }
      const cell = (candidates[i00] ??= /*#__NOINLINE__*/ cellCandidates(logits, classes, plane, i00, i01, i10, i11));
      for (let x = start; x < runEnd[start]; x++) {
        const fx = xs.frac[x];
        let best = 0;
        let bestValue = -Infinity;
        for (let j = 0; j < cell.length; j++) {
          const base = cell[j] * plane;
          const a00 = logits[base + i00];
          const a10 = logits[base + i10];
          const top = a00 + (logits[base + i01] - a00) * fx;
          const bottom = a10 + (logits[base + i11] - a10) * fx;
          const value = top + (bottom - top) * fy;
          if (value > bestValue) {
            best = cell[j];
            bestValue = value;
          }
        }
        out[row + x] = best;
      }
    }
  }
  return out;
}

/** Pixel count per class of a model with n classes; values >= n (such as the 255 void label) are not counted. */
export function classHistogram(labels: Uint8Array, n: number): Float64Array {
  const counts = new Float64Array(n);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v < n) counts[v]++;
  }
  return counts;
}

/**
 * The classes that can win somewhere between four corner cells, in ascending order. Inside the cell a class's
 * value is a convex combination of its corner values, so it lies between their minimum and maximum; a class whose
 * maximum is below the best minimum over all classes always loses to that class. The margin (2^-40 of the largest
 * corner value, far above float64 rounding) only ever keeps more classes; non-finite values keep every class.
 */
function cellCandidates(
  logits: Float32Array,
  classes: number,
  plane: number,
  i00: number,
  i01: number,
  i10: number,
  i11: number,
): Uint8Array {
  const low = new Float64Array(classes);
  const high = new Float64Array(classes);
  let floor = -Infinity;
  let magnitude = 0;
  for (let k = 0, base = 0; k < classes; k++, base += plane) {
    const a = logits[base + i00];
    const b = logits[base + i01];
    const c = logits[base + i10];
    const d = logits[base + i11];
    low[k] = Math.min(a, b, c, d);
    high[k] = Math.max(a, b, c, d);
    floor = Math.max(floor, low[k]);
    magnitude = Math.max(magnitude, Math.abs(low[k]), Math.abs(high[k]));
  }
  const all = Uint8Array.from({ length: classes }, (_, k) => k);
  if (!Number.isFinite(magnitude)) return all;
  const cut = floor - magnitude * 2 ** -40;
  return all.filter((k) => high[k] >= cut);
}

function argmaxCells(logits: Float32Array, classes: number, plane: number): Uint8Array {
  const best = new Uint8Array(plane);
  const bestValue = logits.slice(0, plane);
  for (let k = 1, base = plane; k < classes; k++, base += plane) {
    for (let i = 0; i < plane; i++) {
      const v = logits[base + i];
      if (v > bestValue[i]) {
        bestValue[i] = v;
        best[i] = k;
      }
    }
  }
  return best;
}

function checkSpans(inH: number, inW: number, spanH: number, spanW: number) {
  if (!(spanH >= 0 && spanH <= inH - 1 && spanW >= 0 && spanW <= inW - 1)) {
    throw new RangeError(`Spans ${spanH}×${spanW} must lie within the ${inH}×${inW} grid`);
  }
}

/**
 * Adds to `target` (planar [classes, outH, outW]) the logits bilinearly sampled
 * at the corner-aligned positions dst·span/(out−1), in float64 like upsampleArgmax.
 */
export function addResampled(
  target: Float32Array,
  logits: Float32Array,
  classes: number,
  inH: number,
  inW: number,
  spanH: number,
  spanW: number,
  outH: number,
  outW: number,
): void {
  if (logits.length !== classes * inH * inW || target.length !== classes * outH * outW) {
    throw new RangeError(`Logits or target do not hold ${classes} planes of ${inH}×${inW} and ${outH}×${outW}`);
  }
  checkSpans(inH, inW, spanH, spanW);
  const xs = axisTable(inW, outW, spanW);
  const ys = axisTable(inH, outH, spanH);
  for (let k = 0; k < classes; k++) {
    const plane = logits.subarray(k * inH * inW, (k + 1) * inH * inW);
    const out = target.subarray(k * outH * outW, (k + 1) * outH * outW);
    for (let y = 0; y < outH; y++) {
      const r0 = ys.lo[y] * inW;
      const r1 = ys.hi[y] * inW;
      const fy = ys.frac[y];
      for (let x = 0; x < outW; x++) {
        const fx = xs.frac[x];
        const a00 = plane[r0 + xs.lo[x]];
        const a10 = plane[r1 + xs.lo[x]];
        const top = a00 + (plane[r0 + xs.hi[x]] - a00) * fx;
        const bottom = a10 + (plane[r1 + xs.hi[x]] - a10) * fx;
        out[y * outW + x] += top + (bottom - top) * fy;
      }
    }
  }
}

function axisTable(inSize: number, outSize: number, span: number): AxisTable {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = outSize === 1 ? 0 : (i * span) / (outSize - 1);
    const i0 = Math.floor(src);
    lo[i] = i0;
    hi[i] = Math.min(i0 + 1, inSize - 1);
    frac[i] = src - i0;
  }
  return { lo, hi, frac };
}
