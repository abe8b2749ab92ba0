import { RollingMedian } from "@/lib/live/rolling-median";

/** Kept in hand against a frame that is ready a little late; the next inference waits this much at worst. */
const SPARE_MS = 3;
const MIN_SAMPLES = 3;

/**
 * When to take the next live frame. Taken as soon as the model starts on the previous one, a frame waits a whole
 * inference before its own starts. Taken just in time, it is the newest frame there is and is ready as the model
 * comes free. From rolling times: the inference in flight ends no sooner than its 10th percentile, and a frame is
 * ready no later than the 90th percentile of the lead, the time from when it was meant to be taken (a timer fires
 * late on a busy page) until it was prepared.
 */
export class JustInTime {
  private readonly leads = new RollingMedian(15);
  private readonly inferences = new RollingMedian(15);
  private inferStart: number | undefined;
  private takeAt: number | undefined;

  /** Called as a frame is asked for, with the wait `delay` gave; returns that wait. */
  taking(now: number, wait: number) {
    this.takeAt = now + wait;
    return wait;
  }

  prepared(now: number) {
    if (this.takeAt !== undefined) this.leads.add(now - this.takeAt);
    this.takeAt = undefined;
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
    if (this.leads.count < MIN_SAMPLES || this.inferences.count < MIN_SAMPLES) return 0;
    const free = this.inferStart + this.inferences.quantile(0.1);
    return Math.max(0, free - this.leads.quantile(0.9) - SPARE_MS - now);
  }
}
