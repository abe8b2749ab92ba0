import { describe, expect, it } from "vitest";
import { DISAGREE_COLOR, disagreementPixels } from "@/lib/render/mask";

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
