import type { Confusion } from "@/lib/metrics/confusion";

/** Fractions in 0..1; per-class entries are NaN where undefined (see deriveMetrics). */
export type Metrics = {
  iou: number[];
  acc: number[];
  gtPixels: number[];
  predPixels: number[];
  mIoU: number;
  mAcc: number;
  aAcc: number;
};

/**
 * mmsegmentation IoUMetric semantics: IoU is NaN when a class is absent from
 * both ground truth and prediction, Acc is NaN when it is absent from the
 * ground truth, and the means skip NaN entries. `scored`, when given, limits the classes to those (a model and a
 * set that share only some classes): the others are NaN too.
 */
export function deriveMetrics(conf: Confusion, scored?: readonly number[]): Metrics {
  const { n, counts } = conf;
  const gtPixels = new Array<number>(n).fill(0);
  const predPixels = new Array<number>(n).fill(0);
  let total = 0;
  let trace = 0;
  for (let g = 0; g < n; g++) {
    for (let p = 0; p < n; p++) {
      const c = counts[g * n + p];
      gtPixels[g] += c;
      predPixels[p] += c;
      total += c;
    }
    trace += counts[g * n + g];
  }
  const iou: number[] = [];
  const acc: number[] = [];
  for (let k = 0; k < n; k++) {
    const intersect = counts[k * n + k];
    const union = gtPixels[k] + predPixels[k] - intersect;
    const out = scored && !scored.includes(k);
    iou.push(out || union === 0 ? NaN : intersect / union);
    acc.push(out || gtPixels[k] === 0 ? NaN : intersect / gtPixels[k]);
  }
  return {
    iou,
    acc,
    gtPixels,
    predPixels,
    mIoU: nanMean(iou),
    mAcc: nanMean(acc),
    aAcc: total === 0 ? NaN : trace / total,
  };
}

function nanMean(values: number[]): number {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  return count === 0 ? NaN : sum / count;
}
