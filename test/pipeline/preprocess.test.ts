import { describe, expect, it } from "vitest";
import { mirrorPlanar, padPlanar, preprocess, resizeImage } from "@/lib/pipeline/preprocess";
import type { RawImage } from "@/lib/contract";
import { rng } from "@/test/helpers/rng";

function randomImage(width: number, height: number, channels: 3 | 4, seed: number): RawImage {
  const rand = rng(seed);
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rand() * 256);
  return { data, width, height, channels };
}

// Floating-point bilinear sample at (x·W/size, y·H/sizeY), each position first rounded to 1/32 of a pixel as
// OpenCV's fixed-point warp (MediaPipe's CPU image-to-tensor) does.
function referenceValue(image: RawImage, size: number, ch: number, x: number, y: number, sizeY = size): number {
  const { data, width, height, channels } = image;
  const sx = Math.round((x * width * 32) / size) / 32;
  const sy = Math.round((y * height * 32) / sizeY) / 32;
  const x0 = Math.min(Math.floor(sx), width - 1);
  const y0 = Math.min(Math.floor(sy), height - 1);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = sx - x0;
  const fy = sy - y0;
  const at = (px: number, py: number) => data[(py * width + px) * channels + ch];
  return (
    at(x0, y0) * (1 - fx) * (1 - fy) + at(x1, y0) * fx * (1 - fy) + at(x0, y1) * (1 - fx) * fy + at(x1, y1) * fx * fy
  );
}

// Compares every value; where the float reference sits within 1e-9 of a .5
// tie its own rounding is unreliable, so only closeness is checked there.
function expectMatchesReference(image: RawImage, size: number, pixels?: Array<[number, number]>, sizeY?: number) {
  const height = sizeY ?? size;
  const out = sizeY === undefined ? preprocess(image, size) : resizeImage(image, size, height);
  expect(out.length).toBe(3 * size * height);
  const all: Array<[number, number]> = [];
  if (!pixels) for (let y = 0; y < height; y++) for (let x = 0; x < size; x++) all.push([x, y]);
  let checked = 0;
  for (const [x, y] of pixels ?? all) {
    for (let ch = 0; ch < 3; ch++) {
      const exact = referenceValue(image, size, ch, x, y, height);
      const got = out[ch * size * height + y * size + x];
      if (Math.abs(exact - Math.floor(exact) - 0.5) < 1e-9) {
        expect(Math.abs(got - exact)).toBeLessThanOrEqual(0.5 + 1e-9);
      } else if (got !== Math.round(exact)) {
        throw new Error(`(${x}, ${y}) channel ${ch}: got ${got}, expected ${Math.round(exact)}`);
      }
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
}

describe("preprocess", () => {
  it("matches a per-pixel reference when shrinking, stretching and keeping size", () => {
    const cases: Array<[number, number, number]> = [
      [40, 30, 17],
      [30, 40, 17],
      [5, 3, 16],
      [3, 5, 9],
      [1, 1, 4],
      [7, 1, 5],
      [16, 16, 16],
      [600, 450, 65],
    ];
    cases.forEach(([w, h, size], i) => expectMatchesReference(randomImage(w, h, 3, i + 1), size));
  });

  it("rounds exact halves up and clamps the last neighbour", () => {
    const image: RawImage = {
      data: new Uint8Array([0, 10, 255, 1, 11, 0]),
      width: 2,
      height: 1,
      channels: 3,
    };
    const out = preprocess(image, 4);
    const channel = (ch: number) => [...out.subarray(ch * 16, ch * 16 + 4)];
    // x = 0, 1, 2, 3 sample source x = 0, 0.5, 1, 1.5 (the last clamps to pixel 1).
    expect(channel(0)).toEqual([0, Math.round(0.5), 1, 1]);
    expect(channel(1)).toEqual([10, Math.round(10.5), 11, 11]);
    expect(channel(2)).toEqual([255, Math.round(127.5), 0, 0]);
    for (let y = 1; y < 4; y++) expect([...out.subarray(y * 4, y * 4 + 4)]).toEqual(channel(0));
  });

  it("ignores alpha and accepts Uint8ClampedArray", () => {
    const rgba = randomImage(23, 19, 4, 99);
    const rgb = new Uint8Array(23 * 19 * 3);
    for (let i = 0; i < 23 * 19; i++) rgb.set(rgba.data.subarray(i * 4, i * 4 + 3), i * 3);
    const fromRgba = preprocess({ ...rgba, data: new Uint8ClampedArray(rgba.data) }, 11);
    expect([...fromRgba]).toEqual([...preprocess({ data: rgb, width: 23, height: 19, channels: 3 }, 11)]);
    expectMatchesReference(rgba, 11);
  });

  it("handles a 4096×4096 RGBA image into 513×513", () => {
    const image = randomImage(4096, 4096, 4, 7);
    const start = performance.now();
    preprocess(image, 513);
    const ms = performance.now() - start;
    expect(ms).toBeLessThan(2000);
    const rand = rng(8);
    const pixels: Array<[number, number]> = [
      [0, 0],
      [512, 512],
      [512, 0],
      [0, 512],
    ];
    for (let i = 0; i < 2000; i++) pixels.push([Math.floor(rand() * 513), Math.floor(rand() * 513)]);
    expectMatchesReference(image, 513, pixels);
  });

  it("rejects mismatched data and bad sizes", () => {
    expect(() => preprocess({ data: new Uint8Array(11), width: 2, height: 2, channels: 3 }, 4)).toThrow(RangeError);
    expect(() => preprocess(randomImage(2, 2, 3, 1), 0)).toThrow(RangeError);
    expect(() => resizeImage(randomImage(2, 2, 3, 1), 3, 0)).toThrow(RangeError);
    expect(() => resizeImage(randomImage(2, 2, 3, 1), 2.5, 3)).toThrow(RangeError);
  });
});

describe("resizeImage", () => {
  it("matches a per-pixel reference for non-square outputs", () => {
    const cases: Array<[number, number, number, number]> = [
      [40, 30, 17, 13],
      [30, 40, 13, 17],
      [500, 375, 65, 49],
      [5, 3, 1, 7],
      [7, 7, 3, 11],
    ];
    cases.forEach(([w, h, outW, outH], i) =>
      expectMatchesReference(randomImage(w, h, 3, i + 50), outW, undefined, outH),
    );
  });

  it("equals preprocess for square outputs", () => {
    const image = randomImage(37, 21, 4, 3);
    expect([...resizeImage(image, 19, 19)]).toEqual([...preprocess(image, 19)]);
  });
});

describe("padPlanar and mirrorPlanar", () => {
  it("places the content top left and fills the rest", () => {
    const data = Float32Array.from({ length: 2 * 2 * 3 }, (_, i) => i + 1);
    const out = padPlanar(data, 2, 2, 3, 3, 4);
    expect([...out]).toEqual([
      1, 2, 3, 127.5, 4, 5, 6, 127.5, 127.5, 127.5, 127.5, 127.5, 7, 8, 9, 127.5, 10, 11, 12, 127.5, 127.5, 127.5,
      127.5, 127.5,
    ]);
    expect(() => padPlanar(data, 2, 2, 3, 1, 4)).toThrow(RangeError);
  });

  it("mirrors every row of every plane", () => {
    const data = Float32Array.from({ length: 2 * 2 * 3 }, (_, i) => i);
    expect([...mirrorPlanar(data, 2, 2, 3)]).toEqual([2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9]);
    expect([...mirrorPlanar(mirrorPlanar(data, 2, 2, 3), 2, 2, 3)]).toEqual([...data]);
  });
});
