import { describe, expect, it, test } from "vitest";
import { DISAGREE_COLOR, disagreementPixels, ERROR_ALPHA, ERROR_COLORS, errorPixels } from "@/lib/render/mask";
import { IGNORE_INDEX } from "@/lib/voc/classes";

describe("disagreementPixels", () => {
  it("paints exactly the pixels where the two maps differ", () => {
    const a = Uint8Array.from([0, 15, 15, 13, 0]);
    const b = Uint8Array.from([0, 15, 13, 13, 255]);
    const { rgba, differ } = disagreementPixels(a, b);
    expect(differ).toBe(2);
    const alpha = [...rgba.filter((_, i) => i % 4 === 3)];
    expect(alpha).toEqual([0, 0, 255, 0, 255]);
    expect([...rgba.slice(8, 11)]).toEqual([...DISAGREE_COLOR]);
  });

  it("refuses maps of different sizes", () => {
    expect(() => disagreementPixels(new Uint8Array(3), new Uint8Array(4))).toThrow(/cannot be compared/);
  });
});

describe("errorPixels", () => {
  test("wrong pixels opaque red, void grey over the photo, correct ones clear", () => {
    const pred = Uint8Array.from([1, 2, 3]);
    const gt = Uint8Array.from([1, 5, IGNORE_INDEX]);
    expect(Array.from(errorPixels(pred, gt))).toEqual([
      ...ERROR_COLORS.correct,
      0,
      ...ERROR_COLORS.wrong,
      255,
      ...ERROR_COLORS.void,
      ERROR_ALPHA.void,
    ]);
    expect(ERROR_ALPHA.void).toBeGreaterThan(0);
    expect(ERROR_ALPHA.void).toBeLessThan(255);
  });
});
