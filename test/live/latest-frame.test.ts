import { describe, expect, test } from "vitest";
import { LatestFrame } from "@/lib/live/latest-frame";
import { RollingMedian, RollingRate } from "@/lib/live/rolling-median";

/** A processor whose frames finish only when the test says so. */
function controlled() {
  const started: number[] = [];
  const finish: (() => void)[] = [];
  const dropped: number[] = [];
  const loop = new LatestFrame<number>(
    (frame) =>
      new Promise<void>((resolve) => {
        started.push(frame);
        finish.push(resolve);
      }),
    (frame) => dropped.push(frame),
  );
  const done = async () => {
    finish.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { loop, started, dropped, done };
}

describe("LatestFrame", () => {
  test("while a frame runs, only the newest offered frame waits; older ones are dropped", async () => {
    const { loop, started, dropped, done } = controlled();
    loop.offer(1);
    for (const f of [2, 3, 4, 5]) loop.offer(f);
    expect(started).toEqual([1]);
    expect(dropped).toEqual([2, 3, 4]);
    await done();
    expect(started).toEqual([1, 5]);
    loop.offer(6);
    await done();
    expect(started).toEqual([1, 5, 6]);
    await done();
    expect(loop.busy).toBe(false);
    loop.offer(7);
    expect(started).toEqual([1, 5, 6, 7]);
    expect(loop.dropped).toBe(3);
  });

  test("a failing frame does not stop the loop; stop drops the waiting frame and refuses new ones", async () => {
    const dropped: number[] = [];
    const ran: number[] = [];
    const loop = new LatestFrame<number>(
      async (f) => {
        ran.push(f);
        if (f === 1) throw new Error("boom");
      },
      (f) => dropped.push(f),
    );
    loop.offer(1);
    loop.offer(2);
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual([1, 2]);
    const slow = controlled();
    slow.loop.offer(1);
    slow.loop.offer(2);
    slow.loop.stop();
    slow.loop.offer(3);
    expect(slow.dropped).toEqual([2, 3]);
    await slow.done();
    expect(slow.started).toEqual([1]);
  });
});

describe("rolling medians", () => {
  test("the median covers only the last values", () => {
    const m = new RollingMedian(3);
    expect(m.median()).toBeNaN();
    for (const v of [100, 1, 3, 2]) m.add(v);
    expect(m.median()).toBe(2);
    m.add(10);
    expect(m.median()).toBe(3);
  });

  test("rate is 1000 / median interval", () => {
    const r = new RollingRate(5);
    expect(r.perSecond()).toBe(0);
    for (const t of [0, 50, 100, 400, 450]) r.tick(t);
    expect(r.medianInterval()).toBe(50);
    expect(r.perSecond()).toBe(20);
  });
});
