/**
 * Frames are never queued: while one frame is being processed, at most one newer frame waits, and a frame
 * offered after it replaces it (the older one is dropped). Latency stays bounded however slow processing is.
 */
export class LatestFrame<F> {
  private running = false;
  private waiting: F | undefined;
  private stopped = false;
  dropped = 0;

  constructor(
    private readonly process: (frame: F) => Promise<void>,
    /** Called for every frame that will not be processed (to close its ImageBitmap or VideoFrame). */
    private readonly drop: (frame: F) => void,
  ) {}

  /** Is a frame being processed (a new one would only wait)? */
  get busy(): boolean {
    return this.running;
  }

  offer(frame: F): void {
    if (this.stopped) return this.drop(frame);
    if (!this.running) return void this.run(frame);
    if (this.waiting !== undefined) {
      this.dropped++;
      this.drop(this.waiting);
    }
    this.waiting = frame;
  }

  /** Drops the waiting frame and refuses new ones; the frame in progress finishes. */
  stop(): void {
    this.stopped = true;
    if (this.waiting !== undefined) this.drop(this.waiting);
    this.waiting = undefined;
  }

  private async run(frame: F): Promise<void> {
    this.running = true;
    try {
      await this.process(frame);
    } catch {
      // The processor reports its own errors; the loop goes on with the next frame.
    }
    this.running = false;
    const next = this.waiting;
    this.waiting = undefined;
    if (next !== undefined) void this.run(next);
  }
}
