import { RollingMedian } from "@/lib/live/rolling-median";

/** Kept in hand against a prepare that runs a little long; the next inference waits this much at worst. */
const SPARE_MS = 2;
const MIN_SAMPLES = 3;

/**
 * When to take the next live frame. Taken as soon as the model starts on the previous one, a frame waits a whole
 * inference before its own starts. Taken just in time, it is the newest frame there is and is prepared as the
 * model comes free: from the rolling times, the inference in flight ends no sooner than its 10th percentile, and a
 * prepare takes no longer than its 90th.
 */
export class JustInTime {
  private readonly prepares = new RollingMedian(15);
  private readonly inferences = new RollingMedian(15);
  private inferStart: number | undefined;

  prepared(ms: number) {
    this.prepares.add(ms);
  }

  inferring(now: number) {
    this.inferStart = now;
  }

  inferred(now: number) {
    if (this.inferStart !== undefined) this.inferences.add(now - this.inferStart);
    this.inferStart = undefined;
  }

  /** How long to wait from `now` before taking a frame: 0 with no inference in flight or too few samples. */
  delay(now: number): number {
    if (this.inferStart === undefined) return 0;
    if (this.prepares.count < MIN_SAMPLES || this.inferences.count < MIN_SAMPLES) return 0;
    const free = this.inferStart + this.inferences.quantile(0.1);
    return Math.max(0, free - this.prepares.quantile(0.9) - SPARE_MS - now);
  }
}
