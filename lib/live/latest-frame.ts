/**
 * The slot between a camera and the stages: frames are never queued. A frame offered while none is being taken
 * waits, replacing (dropping) any older one, so whatever takes next always gets the newest frame and latency stays
 * bounded however slow the model is.
 */
export class LatestFrame<F> {
  private waiting: F | undefined;
  private taker: ((frame: F | undefined) => void) | undefined;
  private stopped = false;
  dropped = 0;

  /** `drop` is called for every frame that will not be taken (to close its ImageBitmap or VideoFrame). */
  constructor(private readonly drop: (frame: F) => void) {}

  offer(frame: F): void {
    if (this.stopped) return this.drop(frame);
    if (this.taker) {
      const take = this.taker;
      this.taker = undefined;
      return take(frame);
    }
    if (this.waiting !== undefined) {
      this.dropped++;
      this.drop(this.waiting);
    }
    this.waiting = frame;
  }

  /** The waiting frame, else the next one offered; undefined once stopped. */
  take(): Promise<F | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    const frame = this.waiting;
    this.waiting = undefined;
    if (frame !== undefined) return Promise.resolve(frame);
    return new Promise((resolve) => (this.taker = resolve));
  }

  /** Drops the waiting frame, refuses new ones and ends a pending take. */
  stop(): void {
    this.stopped = true;
    if (this.waiting !== undefined) this.drop(this.waiting);
    this.waiting = undefined;
    this.taker?.(undefined);
    this.taker = undefined;
  }
}
