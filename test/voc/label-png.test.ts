import { decode, encode } from "fast-png";
import { describe, expect, it } from "vitest";
import { checkSameSize, decodeLabelPng, encodeLabelPng, type LabelMap } from "@/lib/voc/label-png";
import { paletteColor } from "@/lib/voc/palette";
import { zeroPng } from "@/test/helpers/bombs";
import { errorOf, randomMap } from "@/test/helpers/labels";
import { rng } from "@/test/helpers/rng";

function toRgb(map: LabelMap, channels: 3 | 4): Uint8Array {
  const data = new Uint8Array(map.labels.length * channels);
  map.labels.forEach((label, i) => {
    data.set(paletteColor(label), i * channels);
    if (channels === 4) data[i * 4 + 3] = (i * 37) % 256;
  });
  return data;
}

describe("encodeLabelPng / decodeLabelPng", () => {
  it("round-trips label maps of several sizes", () => {
    for (const [w, h] of [
      [1, 1],
      [7, 3],
      [3, 7],
      [64, 48],
    ]) {
      const map = randomMap(w, h, w * 100 + h);
      const back = decodeLabelPng(encodeLabelPng(map));
      expect(back.width).toBe(w);
      expect(back.height).toBe(h);
      expect([...back.labels]).toEqual([...map.labels]);
    }
  });

  it("writes an 8-bit palette PNG with the VOC colours", () => {
    const png = decode(encodeLabelPng(randomMap(5, 4, 1)));
    expect(png.depth).toBe(8);
    expect(png.channels).toBe(1);
    expect(png.palette?.length).toBe(256);
    png.palette!.forEach((colour, i) => expect(colour).toEqual(paletteColor(i)));
  });

  it("reads palette indices directly whatever the palette", () => {
    const map = randomMap(9, 5, 2);
    const grey = Array.from({ length: 256 }, (_, i) => [i, i, i]);
    const bytes = encode({ width: 9, height: 5, data: map.labels, depth: 8, channels: 1, palette: grey });
    expect([...decodeLabelPng(bytes).labels]).toEqual([...map.labels]);
  });

  it("reads 8-bit grayscale values as class indices", () => {
    const map = randomMap(6, 6, 3);
    const bytes = encode({ width: 6, height: 6, data: map.labels, depth: 8, channels: 1 });
    expect([...decodeLabelPng(bytes).labels]).toEqual([...map.labels]);
  });

  it("unpacks 1-, 2- and 4-bit palette PNGs", () => {
    for (const depth of [1, 2, 4]) {
      const width = 5;
      const height = 3;
      const rand = rng(depth);
      const labels = new Uint8Array(width * height);
      for (let i = 0; i < labels.length; i++) labels[i] = Math.floor(rand() * Math.min(2 ** depth, 21));
      const rowBytes = Math.ceil((width * depth) / 8);
      const packed = new Uint8Array(rowBytes * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const bitOffset = x * depth;
          const shift = 8 - depth - (bitOffset % 8);
          packed[y * rowBytes + Math.floor(bitOffset / 8)] += labels[y * width + x] * 2 ** shift;
        }
      }
      const palette = Array.from({ length: 2 ** depth }, (_, i) => paletteColor(i));
      const bytes = encode({ width, height, data: packed, depth: depth as 1 | 2 | 4, channels: 1, palette });
      expect([...decodeLabelPng(bytes).labels]).toEqual([...labels]);
    }
  });

  it("maps RGB and RGBA colours back to VOC classes", () => {
    const map = randomMap(11, 7, 4);
    for (const channels of [3, 4] as const) {
      const bytes = encode({ width: 11, height: 7, data: toRgb(map, channels), depth: 8, channels });
      expect([...decodeLabelPng(bytes).labels]).toEqual([...map.labels]);
    }
  });
});

describe("decodeLabelPng errors", () => {
  it("lists out-of-range values and the first position", () => {
    const labels = new Uint8Array(20 * 10);
    labels[4 * 20 + 12] = 37;
    labels[5 * 20 + 3] = 99;
    labels[9 * 20 + 19] = 37;
    const bytes = encodeLabelPng({ width: 20, height: 10, labels });
    expect(errorOf(() => decodeLabelPng(bytes)).message).toBe(
      "Ground-truth mask has values outside 0–20 and 255: 37, 99 (first at x=12, y=4)",
    );
  });

  it("lists at most five bad values", () => {
    const labels = new Uint8Array([30, 21, 22, 23, 24, 25, 26, 0]);
    const bytes = encodeLabelPng({ width: 4, height: 2, labels });
    expect(errorOf(() => decodeLabelPng(bytes)).message).toBe(
      "Ground-truth mask has values outside 0–20 and 255: 21, 22, 23, 24, 25 and 2 more (first at x=0, y=0)",
    );
  });

  it("lists colours that are not VOC classes", () => {
    const data = toRgb({ width: 4, height: 3, labels: new Uint8Array(12) }, 3);
    data.set([1, 2, 3], (2 * 4 + 1) * 3);
    data.set([255, 255, 255], (2 * 4 + 3) * 3);
    const bytes = encode({ width: 4, height: 3, data, depth: 8, channels: 3 });
    expect(errorOf(() => decodeLabelPng(bytes)).message).toBe(
      "Ground-truth mask has colours that are not VOC classes: rgb(1,2,3), rgb(255,255,255) (first at x=1, y=2)",
    );
  });

  it("rejects 16-bit and grayscale+alpha PNGs", () => {
    const sixteen = encode({ width: 2, height: 2, data: new Uint16Array(4), depth: 16, channels: 1 });
    expect(errorOf(() => decodeLabelPng(sixteen)).message).toMatch(/16-bit grayscale PNG/);
    const greyAlpha = encode({ width: 2, height: 2, data: new Uint8Array(8), depth: 8, channels: 2 });
    expect(errorOf(() => decodeLabelPng(greyAlpha)).message).toMatch(/8-bit grayscale\+alpha PNG/);
  });

  it("refuses masks over the size limits and truncated headers before inflating", () => {
    expect(errorOf(() => decodeLabelPng(zeroPng(16385, 1))).message).toBe(
      "Ground-truth mask declares 16385×1 pixels (0.0164 MP); images over 100 MP or 16384 px a side are refused.",
    );
    expect(errorOf(() => decodeLabelPng(zeroPng(10001, 10000))).message).toMatch(
      /^Ground-truth mask declares 10001×10000 pixels/,
    );
    expect([...decodeLabelPng(zeroPng(16384, 1)).labels].every((v) => v === 0)).toBe(true);
    const good = encodeLabelPng(randomMap(16, 16, 5));
    expect(errorOf(() => decodeLabelPng(good.subarray(0, 20))).message).toBe(
      "Ground-truth file is not a readable PNG: it ends after 20 bytes, inside its header.",
    );
  });

  it("rejects files that are not PNGs or are damaged", () => {
    const jpegStart = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]);
    expect(errorOf(() => decodeLabelPng(jpegStart)).message).toMatch(/^Ground-truth file is not a readable PNG: .+/);
    const good = encodeLabelPng(randomMap(16, 16, 5));
    expect(errorOf(() => decodeLabelPng(good.subarray(0, good.length - 30))).message).toMatch(/not a readable PNG/);
    const flipped = good.slice();
    flipped[40] ^= 0xff;
    expect(errorOf(() => decodeLabelPng(flipped)).message).toMatch(/not a readable PNG/);
    expect(errorOf(() => decodeLabelPng(new Uint8Array(0))).message).toMatch(/not a readable PNG/);
  });
});

describe("decodeLabelPng with the expected size", () => {
  it("decodes a mask of the expected size and refuses another with checkSameSize's message", () => {
    const map = randomMap(50, 37, 7);
    const bytes = encodeLabelPng(map);
    expect([...decodeLabelPng(bytes, { width: 50, height: 37 }).labels]).toEqual([...map.labels]);
    expect(errorOf(() => decodeLabelPng(bytes, { width: 50, height: 33 })).message).toBe(
      "Ground truth is 50×37 but the image is 50×33",
    );
    expect(errorOf(() => decodeLabelPng(bytes, { width: 37, height: 50 })).message).toBe(
      "Ground truth is 50×37 but the image is 37×50",
    );
  });

  it("refuses a mismatch from the header, before inflating the pixel data", () => {
    const bytes = encodeLabelPng(randomMap(50, 37, 8));
    const damaged = bytes.slice();
    damaged[damaged.length - 20] ^= 0xff;
    expect(errorOf(() => decodeLabelPng(damaged)).message).toMatch(/not a readable PNG/);
    expect(errorOf(() => decodeLabelPng(damaged, { width: 50, height: 33 })).message).toBe(
      "Ground truth is 50×37 but the image is 50×33",
    );

    const large = zeroPng(10000, 10000);
    const rss = process.memoryUsage.rss();
    const start = performance.now();
    expect(errorOf(() => decodeLabelPng(large, { width: 500, height: 375 })).message).toBe(
      "Ground truth is 10000×10000 but the image is 500×375",
    );
    expect(performance.now() - start).toBeLessThan(100);
    expect(process.memoryUsage.rss() - rss).toBeLessThan(100 * 2 ** 20);
  });
});

describe("checkSameSize", () => {
  it("accepts matching sizes and explains mismatches", () => {
    const map = randomMap(500, 375, 6);
    expect(() => checkSameSize(map, 500, 375)).not.toThrow();
    expect(errorOf(() => checkSameSize(map, 500, 333)).message).toBe(
      "Ground truth is 500×375 but the image is 500×333",
    );
  });
});
