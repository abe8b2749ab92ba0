import { describe, expect, it } from "vitest";
import { boxPoint, clampZoom, MAX_SCALE, NO_ZOOM, panBy, pixelAt, zoomAt } from "@/lib/render/zoom";

describe("zoom and pan", () => {
  it("keeps the point under the pointer fixed while zooming", () => {
    const z = zoomAt(NO_ZOOM, 4, 30, 20, 100, 80);
    expect(z.scale).toBe(4);
    // Content point (30, 20) stays at box point (30, 20).
    expect(z.x + 30 * z.scale).toBeCloseTo(30);
    expect(z.y + 20 * z.scale).toBeCloseTo(20);
    expect(pixelAt(z, 30, 20, 100, 80, 1000, 800)).toEqual({ x: 300, y: 200 });
  });

  it("never shows past the content's edges and stays within 1× to the maximum", () => {
    expect(zoomAt(NO_ZOOM, 0.5, 50, 50, 100, 100)).toEqual(NO_ZOOM);
    expect(zoomAt(NO_ZOOM, 1000, 0, 0, 100, 100).scale).toBe(MAX_SCALE);
    const z = { scale: 2, x: 0, y: 0 };
    expect(panBy(z, 500, -500, 100, 100)).toEqual({ scale: 2, x: 0, y: -100 });
    expect(clampZoom({ scale: 2, x: -150, y: 10 }, 100, 100)).toEqual({ scale: 2, x: -100, y: 0 });
  });

  it("maps image pixels to box points and back", () => {
    const z = { scale: 3, x: -120, y: -45 };
    for (const [x, y] of [
      [0, 0],
      [17, 33],
      [499, 365],
    ]) {
      const { px, py } = boxPoint(z, x, y, 200, 146.4, 500, 366);
      expect(pixelAt(z, px, py, 200, 146.4, 500, 366)).toEqual({ x, y });
    }
  });
});
