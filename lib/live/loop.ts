// A live source's frames through the overlapped stages (lib/pipeline/overlap): while the model runs frame n, frame
// n+1 is prepared and frame n−1 finished and drawn. Frames wait in a LatestFrame, never in a queue, and frame n+1 is
// taken just in time (JustInTime): as late as lets it be prepared when the model comes free.
import type { Captured } from "@/lib/live/frames";
import { JustInTime } from "@/lib/live/just-in-time";
import { LatestFrame } from "@/lib/live/latest-frame";
import { RollingMedian, RollingRate } from "@/lib/live/rolling-median";
import { overlap, type Stages } from "@/lib/pipeline/overlap";

export interface LiveStats {
  /** Masks drawn per second, rolling median. */
  fps: number;
  /** Capture to mask drawn, rolling median, ms. */
  latencyMs: number;
  /** Capture to mask drawn, rolling 90th percentile, ms. */
  latencyP90Ms: number;
  /** Frames dropped because a newer one arrived before they were taken. */
  dropped: number;
}

/** Thrown by a stage for a frame that must not be shown (the model changed since it was captured). */
export class StaleFrame extends Error {}

export interface LiveHandlers<R> {
  /** Shows a frame's result; false when it was not shown after all. */
  show(result: R, frame: Captured): boolean;
  /** Releases a result that will not be shown (the loop stopped). */
  discard(result: R): void;
  stats(stats: LiveStats): void;
  error(error: unknown): void;
}

/** The next paint in a page; the next task where there is none (Node). */
const nextFrame = (callback: () => void) =>
  typeof requestAnimationFrame === "function" ? requestAnimationFrame(callback) : setTimeout(callback, 0);

export class LiveLoop<A, B, R> {
  private readonly slot = new LatestFrame<Captured>(({ frame }) => frame.close());
  private readonly rate = new RollingRate();
  private readonly latency = new RollingMedian();
  private readonly timing = new JustInTime();
  /** With `record`, every mask drawn: when (performance.now()) and its capture-to-mask latency, for `npm run bench`. */
  readonly drawn?: { at: number; latency: number }[];
  running = true;

  constructor(stages: Stages<Captured, A, B, R>, handlers: LiveHandlers<R>, record = false) {
    if (record) this.drawn = [];
    const timed: Stages<Captured, A, B, R> = {
      ...stages,
      prepare: async (item) => {
        const prepared = await stages.prepare(item);
        this.timing.prepared(performance.now());
        return prepared;
      },
      infer: async (prepared, lane) => {
        this.timing.inferring(performance.now());
        try {
          return await stages.infer(prepared, lane);
        } finally {
          this.timing.inferred(performance.now());
        }
      },
    };
    const next = async () => {
      const now = performance.now();
      const wait = this.timing.taking(now, this.timing.delay(now));
      if (wait > 0 && this.running) await new Promise((resolve) => setTimeout(resolve, wait));
      return this.slot.take();
    };
    void overlap(
      next,
      timed,
      (outcome) => {
        if ("error" in outcome) {
          if (!(outcome.error instanceof StaleFrame)) handlers.error(outcome.error);
          return;
        }
        if (!this.running) return handlers.discard(outcome.result);
        if (!handlers.show(outcome.result, outcome.item)) return;
        nextFrame(() => {
          const now = performance.now();
          const latency = now - outcome.item.captured;
          this.rate.tick(now);
          this.latency.add(latency);
          if (this.drawn && this.drawn.length < 100_000) this.drawn.push({ at: now, latency });
          handlers.stats({
            fps: this.rate.perSecond(),
            latencyMs: this.latency.median(),
            latencyP90Ms: this.latency.quantile(0.9),
            dropped: this.slot.dropped,
          });
        });
      },
      () => !this.running,
    );
  }

  offer = (captured: Captured) => this.slot.offer(captured);

  /** Drops the waiting frame and takes no more; frames in flight finish but are not shown. */
  stop() {
    this.running = false;
    this.slot.stop();
  }
}
