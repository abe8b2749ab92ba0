import { describe, expect, test } from "vitest";
import { LatestFrame } from "@/lib/live/latest-frame";
import { RollingMedian, RollingRate } from "@/lib/live/rolling-median";

describe("LatestFrame", () => {
  test("between takes, only the newest offered frame waits; older ones are dropped", async () => {
    const dropped: number[] = [];
    const slot = new LatestFrame<number>((f) => dropped.push(f));
    for (const f of [1, 2, 3]) slot.offer(f);
    expect(dropped).toEqual([1, 2]);
    expect(await slot.take()).toBe(3);
    const pending = slot.take();
    slot.offer(4);
    expect(await pending).toBe(4);
    slot.offer(5);
    slot.offer(6);
    expect(await slot.take()).toBe(6);
    expect(slot.dropped).toBe(3);
    expect(dropped).toEqual([1, 2, 5]);
  });

  test("stop drops the waiting frame, refuses new ones and ends a pending take", async () => {
    const dropped: number[] = [];
    const slot = new LatestFrame<number>((f) => dropped.push(f));
    slot.offer(1);
    slot.stop();
    slot.offer(2);
    expect(dropped).toEqual([1, 2]);
    expect(await slot.take()).toBeUndefined();
    const other = new LatestFrame<number>(() => {});
    const pending = other.take();
    other.stop();
    expect(await pending).toBeUndefined();
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
