// The PNG inflation guard (lib/image/png-guard.ts), as the VOC mask decoder applies it.
import { readFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";
import { decode } from "fast-png";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeLabelPng } from "@/lib/voc/label-png";
import { zeroPng } from "@/test/helpers/bombs";
import { errorOf, randomMap } from "@/test/helpers/labels";
import { missingShared, VOC, vocIds } from "@/test/helpers/paths";

/** A PNG chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** An 8-bit grayscale PNG declaring width×height whose IDATs hold `zlib` split into `parts`. */
function grayPng(width: number, height: number, zlib: Uint8Array, parts = 1): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  const step = Math.ceil(zlib.length / parts);
  const idats = Array.from({ length: parts }, (_, i) => chunk("IDAT", zlib.subarray(i * step, (i + 1) * step)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), ...idats, chunk("IEND", new Uint8Array(0))]);
}

/** A valid PNG declaring width×height after its IHDR's size (and CRC) are rewritten. */
function redeclare(png: Uint8Array, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

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

  // voc-sample.test decodes all 346; these 50 are compared byte for byte with fast-png alone.
  it.skipIf(missingShared("voc"))("decodes real VOC masks to the palette indices fast-png reads", () => {
    for (const id of vocIds(50)) {
      const bytes = readFileSync(`${VOC}/SegmentationClass/${id}.png`);
      const png = decode(bytes);
      const map = decodeLabelPng(bytes, { width: png.width, height: png.height });
      expect(Buffer.compare(Buffer.from(map.labels), Buffer.from(png.data as Uint8Array)), id).toBe(0);
    }
  });
});
