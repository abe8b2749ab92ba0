import { afterEach, describe, expect, test, vi } from "vitest";
import { JustInTime } from "@/lib/live/just-in-time";
import { LiveLoop } from "@/lib/live/loop";

describe("JustInTime", () => {
  test("waits until the inference in flight is a frame's lead time (and 3 ms) from its end", () => {
    const jit = new JustInTime();
    expect(jit.delay(0)).toBe(0);
    for (let i = 0; i < 3; i++) {
      jit.taking(i * 100, 0);
      jit.prepared(i * 100 + 10);
      jit.inferring(i * 100 + 10);
      jit.inferred(i * 100 + 70);
    }
    // Nothing in flight: take now.
    expect(jit.delay(1000)).toBe(0);
    jit.inferring(1000);
    expect(jit.delay(1000)).toBe(60 - 10 - 3);
    expect(jit.delay(1030)).toBe(17);
    expect(jit.delay(1100)).toBe(0);
    // A timer that fired 20 ms late counts in the lead: its 90th percentile moves the take earlier.
    expect(jit.taking(1000, 47)).toBe(47);
    jit.prepared(1000 + 47 + 20 + 10);
    expect(jit.delay(1000)).toBe(60 - 30 - 3);
  });
});

describe("LiveLoop takes frames just in time", () => {
  afterEach(() => vi.useRealTimers());

  /** Frames every 5 ms into a model that prepares in 10 ms and infers in 60 ms; what was drawn from 1 s on. */
  async function run(seconds: number) {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const loop = new LiveLoop<number, number, number>(
      {
        prepare: async (c) => (await sleep(10), c.captured),
        infer: async (captured) => (await sleep(60), captured),
        finish: (_, captured) => captured,
      },
      { show: () => true, discard: () => {}, stats: () => {}, error: (e) => expect.fail(String(e)) },
      true,
    );
    for (let t = 0; t < seconds * 1000; t += 5) {
      loop.offer({ frame: { close() {} } as VideoFrame, captured: performance.now() });
      await vi.advanceTimersByTimeAsync(5);
    }
    loop.stop();
    return loop.drawn!.filter((d) => d.at > 1000);
  }

  test("capture to mask is about one prepare and one inference, at the model's full rate", async () => {
    const drawn = await run(3);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const latency = median(drawn.map((d) => d.latency));
    const interval = median(drawn.slice(1).map((d, i) => d.at - drawn[i].at));
    // Taken as soon as the model started on the last frame, a frame would wait 50 ms more: about 125 ms.
    expect(latency).toBeGreaterThanOrEqual(70);
    expect(latency).toBeLessThanOrEqual(80);
    // The model never waits for a frame: one mask per inference.
    expect(interval).toBeLessThanOrEqual(62);
  });
});
