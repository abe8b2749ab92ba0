import { IGNORE_INDEX, NUM_CLASSES } from "@/lib/voc/classes";

/** n×n pixel counts, row = ground-truth class, column = predicted class. */
export type Confusion = { n: number; counts: Float64Array };

export function createConfusion(n: number = NUM_CLASSES): Confusion {
  if (!Number.isInteger(n) || n < 1 || n > IGNORE_INDEX) {
    throw new RangeError(`Class count must be an integer 1..${IGNORE_INDEX}, got ${n}`);
  }
  return { n, counts: new Float64Array(n * n) };
}

/** Adds one image's pixels; ground-truth pixels equal to IGNORE_INDEX are skipped. */
export function accumulate(conf: Confusion, gt: Uint8Array, pred: Uint8Array): void {
  if (gt.length !== pred.length) {
    throw new RangeError(`Ground truth has ${gt.length} pixels but prediction has ${pred.length}`);
  }
  const { n, counts } = conf;
  for (let i = 0; i < gt.length; i++) {
    const g = gt[i];
    if (g === IGNORE_INDEX) continue;
    const p = pred[i];
    if (g >= n || p >= n) {
      const what = g >= n ? `ground-truth value ${g}` : `predicted value ${p}`;
      throw new RangeError(`Pixel ${i} has ${what}, expected 0..${n - 1}`);
    }
    counts[g * n + p]++;
  }
}

/** Adds b's counts into a and returns a. */
export function addConfusion(a: Confusion, b: Confusion): Confusion {
  if (a.n !== b.n) {
    throw new RangeError(`Cannot add confusion matrices of ${a.n} and ${b.n} classes`);
  }
  for (let i = 0; i < a.counts.length; i++) a.counts[i] += b.counts[i];
  return a;
}
