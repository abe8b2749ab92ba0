import { describe, expect, it } from "vitest";
import { linearScale, logScale } from "@/lib/render/scale";

describe("linearScale", () => {
  it("widens the domain to whole round steps and maps it onto the range", () => {
    const s = linearScale(61.6, 74.6, [300, 0]);
    // 13 points over 5 ticks: steps of 2.6 round up to 5.
    expect(s.ticks).toEqual([60, 65, 70, 75]);
    expect(s.domain).toEqual([60, 75]);
    expect(s(60)).toBe(300);
    expect(s(75)).toBe(0);
    expect(s(67.5)).toBe(150);
  });

  it("gives exact decimal ticks for small steps", () => {
    expect(linearScale(0.1, 0.7, [0, 1], 3).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it("opens a single value into a range around it", () => {
    const s = linearScale(5, 5, [0, 100]);
    expect(s.domain[0]).toBeLessThan(5);
    expect(s.domain[1]).toBeGreaterThan(5);
    expect(s(5)).toBe(50);
  });
});

describe("logScale", () => {
  it("ticks at 1, 2 and 5 times powers of ten within the padded domain", () => {
    const s = logScale(0.7e9, 55e9, [0, 400]);
    expect(s.ticks).toEqual([1e9, 2e9, 5e9, 10e9, 20e9, 50e9]);
    expect(s(s.domain[0])).toBe(0);
    expect(s(s.domain[1])).toBeCloseTo(400, 9);
    // Equal ratios take equal distances.
    expect(s(2e9) - s(1e9)).toBeCloseTo(s(20e9) - s(10e9), 9);
  });

  it("uses every digit when 1-2-5 gives fewer than three ticks", () => {
    expect(logScale(31, 48, [0, 1]).ticks).toEqual([30, 40, 50]);
  });

  it("refuses values that are not positive", () => {
    expect(() => logScale(0, 10, [0, 1])).toThrow(RangeError);
  });
});
