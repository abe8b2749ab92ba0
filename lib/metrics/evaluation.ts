import { accumulate, addConfusion, createConfusion, type Confusion } from "@/lib/metrics/confusion";
import { deriveMetrics, type Metrics } from "@/lib/metrics/derive";

export interface ImageResult {
  id: string;
  width: number;
  height: number;
  /** Per-image scores from the image's own confusion matrix (fractions). */
  mIoU: number;
  aAcc: number;
  /** Milliseconds spent per stage on this image. */
  timings: Record<string, number>;
}

export interface Skipped {
  id: string;
  reason: string;
}

/** Running state of a dataset evaluation: one confusion matrix summed over every scored pixel. */
export class Evaluation {
  readonly total: Confusion = createConfusion();
  readonly images: ImageResult[] = [];
  readonly skipped: Skipped[] = [];

  /** `scored`: the classes that count (see deriveMetrics); all by default. */
  constructor(readonly scored?: readonly number[]) {}

  /** Scores one prediction against its ground truth (same length; 255 in gt is ignored). */
  add(
    id: string,
    width: number,
    height: number,
    gt: Uint8Array,
    pred: Uint8Array,
    timings: Record<string, number> = {},
  ): ImageResult {
    const own = createConfusion(this.total.n);
    accumulate(own, gt, pred);
    return this.addCounts(id, width, height, own.counts, timings);
  }

  /** Adds one image's precomputed n×n confusion counts (e.g. from the inference worker). */
  addCounts(
    id: string,
    width: number,
    height: number,
    counts: Float64Array,
    timings: Record<string, number> = {},
  ): ImageResult {
    const n = this.total.n;
    if (counts.length !== n * n)
      throw new RangeError(`Expected ${n}×${n} confusion counts, got ${counts.length} values`);
    const own = { n, counts };
    addConfusion(this.total, own);
    const m = deriveMetrics(own, this.scored);
    const result = { id, width, height, mIoU: m.mIoU, aAcc: m.aAcc, timings };
    this.images.push(result);
    return result;
  }

  skip(id: string, reason: string) {
    this.skipped.push({ id, reason });
  }

  metrics(): Metrics {
    return deriveMetrics(this.total, this.scored);
  }
}
