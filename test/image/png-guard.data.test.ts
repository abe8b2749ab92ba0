// The PNG inflation guard (lib/image/png-guard.ts), as the VOC mask decoder applies it.
import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { decode } from "fast-png";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeLabelPng } from "@/lib/voc/label-png";
import { grayPng, redeclare, zeroPng } from "@/test/helpers/bombs";
import { errorOf, randomMap } from "@/test/helpers/labels";
import { missingShared, VOC, vocIds } from "@/test/helpers/paths";

describe("decodeLabelPng caps inflation at the declared size", () => {
  it("refuses a 1×1 header over 300 MB of image data at once, without inflating it", () => {
    const bomb = redeclare(zeroPng(10000, 30000), 1, 1);
    expect(bomb.length).toBeLessThan(400_000);
    const rss = process.memoryUsage.rss();
    const start = performance.now();
    expect(errorOf(() => decodeLabelPng(bomb)).message).toBe(
      "Ground-truth file is not a readable PNG: its image data inflates past the 1×1 pixels its header declares.",
    );
    expect(performance.now() - start).toBeLessThan(200);
    expect(process.memoryUsage.rss() - rss).toBeLessThan(100 * 2 ** 20);
  });

  it("refuses a single byte past the declared rows, across several IDATs, and decodes the exact size", () => {
    const rows = new Uint8Array([0, 3, 4, 5, 0, 6, 7, 8]);
    expect([...decodeLabelPng(grayPng(3, 2, deflateSync(rows), 3)).labels]).toEqual([3, 4, 5, 6, 7, 8]);
    const longer = grayPng(3, 2, deflateSync(Buffer.concat([rows, new Uint8Array(1)])), 3);
    expect(errorOf(() => decodeLabelPng(longer)).message).toBe(
      "Ground-truth file is not a readable PNG: its image data inflates past the 3×2 pixels its header declares.",
    );
  });

  it("counts Adam7 interlaced rows pass by pass", async () => {
    const map = randomMap(37, 29, 9);
    const bytes = await sharp(map.labels, { raw: { width: 37, height: 29, channels: 1 } })
      .toColourspace("b-w")
      .png({ progressive: true })
      .toBuffer();
    expect([bytes[25], bytes[28]]).toEqual([0, 1]);
    expect([...decodeLabelPng(bytes).labels]).toEqual([...map.labels]);
  });

  it("refuses over 128 KB of image data in a row that inflates to nothing, and accepts a little", () => {
    const rows = new Uint8Array([0, 1, 2]);
    const withTail = (bytes: number) => grayPng(2, 1, Buffer.concat([deflateSync(rows), new Uint8Array(bytes)]));
    expect([...decodeLabelPng(withTail(100_000)).labels]).toEqual([1, 2]);
    const junk = withTail(20 * 2 ** 20);
    const start = performance.now();
    expect(errorOf(() => decodeLabelPng(junk)).message).toBe(
      "Ground-truth file is not a readable PNG: over 128 KB of its image data in a row inflates to nothing.",
    );
    expect(performance.now() - start).toBeLessThan(200);
  });

  // voc-sample.data.test decodes all 346; these 50 are compared byte for byte with fast-png alone.
  it.skipIf(missingShared("voc"))("decodes real VOC masks to the palette indices fast-png reads", () => {
    for (const id of vocIds(50)) {
      const bytes = readFileSync(`${VOC}/SegmentationClass/${id}.png`);
      const png = decode(bytes);
      const map = decodeLabelPng(bytes, { width: png.width, height: png.height });
      expect(Buffer.compare(Buffer.from(map.labels), Buffer.from(png.data as Uint8Array)), id).toBe(0);
    }
  });
});
