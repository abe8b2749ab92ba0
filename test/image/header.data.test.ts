import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInflate } from "node:zlib";
import sharp, { type Sharp } from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { checkImageSize, readImageHeader, readPngSize, type ImageSize } from "@/lib/image/header";
import { ImageInputError } from "@/lib/image/sniff";
import { LabelFormatError, decodeLabelPng } from "@/lib/voc/label-png";
import { decodeImage } from "@/lib/node/decode";
import { jpegDeclaring, sofOffset, zeroPng } from "@/test/helpers/bombs";
import { SHARED_MODELS, VOC, missingShared, vocIds } from "@/test/helpers/paths";
import { rng } from "@/test/helpers/rng";

type Bytes = Uint8Array<ArrayBuffer>;

const header = (bytes: Bytes, name = "x") => readImageHeader(new Blob([bytes]), name);

async function displayedSize(bytes: Bytes): Promise<ImageSize> {
  return (await sharp(bytes).metadata()).autoOrient;
}

async function inputError(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(ImageInputError);
    return (err as Error).message;
  }
  throw new Error("expected an ImageInputError");
}

const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 80, b: 40, alpha: 0.5 } } });

async function toBytes(image: Sharp): Promise<Bytes> {
  return new Uint8Array(await image.toBuffer());
}

/** An APP segment (marker 0xE0 + n) holding `payload`, to insert after a JPEG's SOI. */
function appSegment(n: number, payload: Uint8Array): Uint8Array {
  return new Uint8Array([0xff, 0xe0 + n, (payload.length + 2) >> 8, (payload.length + 2) & 255, ...payload]);
}

function exifPayload(orientation: number, order: "II" | "MM"): Uint8Array {
  const tiff = new DataView(new ArrayBuffer(26));
  const little = order === "II";
  tiff.setUint8(0, order.charCodeAt(0));
  tiff.setUint8(1, order.charCodeAt(1));
  tiff.setUint16(2, 42, little);
  tiff.setUint32(4, 8, little);
  tiff.setUint16(8, 1, little);
  tiff.setUint16(10, 0x0112, little);
  tiff.setUint16(12, 3, little);
  tiff.setUint32(14, 1, little);
  tiff.setUint16(18, orientation, little);
  return new Uint8Array([...new TextEncoder().encode("Exif\0\0"), ...new Uint8Array(tiff.buffer)]);
}

function afterSoi(jpeg: Bytes, ...segments: Uint8Array[]): Bytes {
  const out = new Uint8Array(jpeg.length + segments.reduce((n, s) => n + s.length, 0));
  out.set(jpeg.subarray(0, 2));
  let pos = 2;
  for (const s of segments) {
    out.set(s, pos);
    pos += s.length;
  }
  out.set(jpeg.subarray(2), pos);
  return out;
}

function fourcc(webp: Uint8Array): string {
  return String.fromCharCode(...webp.subarray(12, 16));
}

describe.skipIf(missingShared("voc") || missingShared("models"))("readImageHeader on the shared files", () => {
  it("matches sharp's displayed size for all 346 VOC JPEGs and masks and the golden test JPEG", async () => {
    const ids = vocIds();
    expect(ids.length).toBe(346);
    const files = [
      ...ids.flatMap((id) => [`${VOC}/JPEGImages/${id}.jpg`, `${VOC}/SegmentationClass/${id}.png`]),
      `${SHARED_MODELS}/testdata/segmentation_input_rotation0.jpg`,
    ];
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const found = await header(bytes, file);
      expect({ width: found.width, height: found.height }, file).toEqual(await displayedSize(bytes));
      expect(found.kind, file).toBe(file.endsWith(".png") ? "png" : "jpeg");
    }
  });
});

describe("readImageHeader on files made here", () => {
  it("applies EXIF orientation as sharp does (5–8 swap the sides)", async () => {
    for (let orientation = 1; orientation <= 8; orientation++) {
      const bytes = await toBytes(solid(40, 24).jpeg().withMetadata({ orientation }));
      const swapped = orientation >= 5;
      expect(await header(bytes), `orientation ${orientation}`).toEqual({
        kind: "jpeg",
        width: swapped ? 24 : 40,
        height: swapped ? 40 : 24,
      });
      expect(await displayedSize(bytes)).toEqual({ width: swapped ? 24 : 40, height: swapped ? 40 : 24 });
    }
  });

  it("reads orientation from the first EXIF APP1 in either byte order, past other APP1 segments", async () => {
    const plain = await toBytes(solid(40, 24).jpeg());
    const xmp = appSegment(1, new TextEncoder().encode("http://ns.adobe.com/xap/1.0/\0<x/>"));
    for (const order of ["II", "MM"] as const) {
      const bytes = afterSoi(plain, xmp, appSegment(1, exifPayload(6, order)), appSegment(1, exifPayload(1, order)));
      expect(await header(bytes), order).toEqual({ kind: "jpeg", width: 24, height: 40 });
      expect(await displayedSize(bytes), order).toEqual({ width: 24, height: 40 });
    }
    const invalid = afterSoi(plain, appSegment(1, exifPayload(9, "II")));
    expect(await header(invalid)).toEqual({ kind: "jpeg", width: 40, height: 24 });
  });

  it("finds a frame header behind large APP segments, reading only slices of the file", async () => {
    const plain = await toBytes(solid(33, 17).jpeg({ progressive: true }));
    const big = Array.from({ length: 4 }, (_, i) => appSegment(11 + i, new Uint8Array(65533 - 2).fill(i)));
    const jpeg = afterSoi(plain, ...big);
    expect(sofOffset(jpeg)).toBeGreaterThan(4 * 65535);
    expect(await displayedSize(jpeg)).toEqual({ width: 33, height: 17 });
    const blob = new Blob([jpeg, new Uint8Array(32 * 2 ** 20)]);
    let sliced = 0;
    const slice = blob.slice.bind(blob);
    blob.slice = (start?: number, end?: number) => {
      sliced += (end ?? blob.size) - (start ?? 0);
      return slice(start, end);
    };
    expect(await readImageHeader(blob, "big.jpg")).toEqual({ kind: "jpeg", width: 33, height: 17 });
    expect(sliced).toBeLessThan(512 * 1024);
  });

  it("skips fill bytes before markers and does not take DHT, JPG or DAC for a frame header", async () => {
    const plain = await toBytes(solid(21, 13).jpeg());
    const filled = afterSoi(plain, new Uint8Array([0xff, 0xff, 0xff]));
    expect(await header(filled)).toEqual({ kind: "jpeg", width: 21, height: 13 });
    expect(await displayedSize(filled)).toEqual({ width: 21, height: 13 });
    for (const marker of [0xc4, 0xc8, 0xcc]) {
      const lookalike = new Uint8Array([0xff, marker, 0, 9, 8, 0x7f, 0xff, 0x7f, 0xff, 3]);
      expect(await header(afterSoi(plain, lookalike)), marker.toString(16)).toEqual({
        kind: "jpeg",
        width: 21,
        height: 13,
      });
    }
  });

  it("reads WebP sizes: lossy (VP8), lossless (VP8L) and with alpha (VP8X)", async () => {
    const cases = [
      ["VP8 ", solid(123, 45).webp()],
      ["VP8L", solid(123, 45).webp({ lossless: true })],
      ["VP8X", solid(123, 45, 4).webp()],
      ["VP8L", solid(4000, 3, 4).webp({ lossless: true })],
    ] as const;
    for (const [chunk, image] of cases) {
      const bytes = await toBytes(image);
      expect(fourcc(bytes)).toBe(chunk);
      expect(await header(bytes), chunk).toEqual({ kind: "webp", ...(await displayedSize(bytes)) });
    }
  });

  it("reads PNG sizes of every colour type sharp writes", async () => {
    for (const image of [solid(123, 45).png(), solid(7, 300, 4).png(), solid(9, 9).png({ palette: true })]) {
      const bytes = await toBytes(image);
      expect(await header(bytes)).toEqual({ kind: "png", ...(await displayedSize(bytes)) });
      expect(readPngSize(bytes, "x")).toEqual(await displayedSize(bytes));
    }
  });
});

describe("readImageHeader on truncated and malformed headers", () => {
  it("refuses empty files and files that are no image format", async () => {
    expect(await inputError(() => header(new Uint8Array(0), "a.jpg"))).toBe('"a.jpg" is empty (0 bytes).');
    const rand = rng(7);
    const garbage = Uint8Array.from({ length: 4096 }, () => Math.floor(rand() * 256));
    expect(await inputError(() => header(garbage, "g.png"))).toBe(
      '"g.png" is not a JPEG, PNG or WebP image (its contents are not an image format this app reads).',
    );
  });

  it("refuses every cut of a JPEG, PNG and WebP before the end of its size fields", async () => {
    const jpeg = await toBytes(solid(40, 24).jpeg());
    const png = await toBytes(solid(40, 24).png());
    const webps = await Promise.all([solid(40, 24).webp(), solid(40, 24).webp({ lossless: true })].map(toBytes));
    const cases: [Bytes, number, string][] = [
      [jpeg, sofOffset(jpeg) + 9, "JPEG"],
      [png, 24, "PNG"],
      [webps[0], 30, "WEBP"],
      [webps[1], 25, "WEBP"],
    ];
    for (const [bytes, needed, kind] of cases) {
      const first = kind === "JPEG" ? 3 : kind === "PNG" ? 8 : 12;
      for (let cut = first; cut < needed; cut++) {
        const message = await inputError(() => header(bytes.slice(0, cut), "cut"));
        expect(message, `${kind} cut at ${cut}`).toMatch(
          new RegExp(`^"cut" looks like a ${kind} file but could not be decoded: .+\\.$`),
        );
      }
      expect(await header(bytes.slice(0, needed))).toEqual({ kind: kind.toLowerCase(), width: 40, height: 24 });
    }
  });

  it("explains malformed headers", async () => {
    const jpeg = await toBytes(solid(40, 24).jpeg());
    const sof = sofOffset(jpeg);
    const png = await toBytes(solid(40, 24).png());
    const webp = await toBytes(solid(40, 24).webp());
    const patched = (bytes: Bytes, at: number, values: number[]) => {
      const copy = bytes.slice();
      copy.set(values, at);
      return copy;
    };
    const cases: [Bytes, string][] = [
      [
        new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2, 1, 2, 3]),
        '"m" looks like a JPEG file but could not be decoded: it has no frame header (SOF) before its image data or its end (9 bytes).',
      ],
      [
        patched(jpeg, 4, [0, 1]),
        '"m" looks like a JPEG file but could not be decoded: its segment at byte 2 declares a length of 1.',
      ],
      [
        patched(jpeg, sof + 5, [0, 0]),
        '"m" looks like a JPEG file but could not be decoded: its frame header declares 40×0 pixels (a height set later by DNL is not read).',
      ],
      [
        patched(png, 12, [...new TextEncoder().encode("IDAT")]),
        '"m" looks like a PNG file but could not be decoded: its first chunk is "IDAT", not IHDR.',
      ],
      [
        patched(png, 8, [0, 0, 0, 14]),
        '"m" looks like a PNG file but could not be decoded: its IHDR chunk is 14 bytes long, not 13.',
      ],
      [
        patched(png, 16, [0, 0, 0, 0]),
        '"m" looks like a PNG file but could not be decoded: its header declares an invalid size, 0×24.',
      ],
      [
        patched(png, 16, [0x80, 0, 0, 0]),
        '"m" looks like a PNG file but could not be decoded: its header declares an invalid size, 2147483648×24.',
      ],
      [
        patched(webp, 12, [...new TextEncoder().encode("ALPH")]),
        '"m" looks like a WEBP file but could not be decoded: its first chunk is "ALPH", not VP8, VP8L or VP8X.',
      ],
      [
        patched(webp, 23, [0, 0, 0]),
        '"m" looks like a WEBP file but could not be decoded: its VP8 chunk does not start with a key frame.',
      ],
    ];
    for (const [bytes, message] of cases) expect(await inputError(() => header(bytes, "m"))).toBe(message);
    const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Uint8Array(2000).fill(7)]);
    expect(await inputError(() => header(broken, "broken.jpg"))).toMatch(/^"broken\.jpg" .* could not be decoded: /);
  });
});

describe("size limits", () => {
  it("refuses over 100 MP or 16384 px a side, and names the declared size", () => {
    expect(() => checkImageSize('"a"', 10000, 10000)).not.toThrow();
    expect(() => checkImageSize('"a"', 16384, 6103)).not.toThrow();
    expect(() => checkImageSize('"a"', 16384, 1)).not.toThrow();
    const refusal = (width: number, height: number) => {
      try {
        checkImageSize('"x.png"', width, height);
      } catch (err) {
        expect(err).toBeInstanceOf(ImageInputError);
        return (err as Error).message;
      }
      throw new Error(`${width}×${height} was not refused`);
    };
    expect(refusal(30000, 30000)).toBe(
      '"x.png" declares 30000×30000 pixels (900 MP); images over 100 MP or 16384 px a side are refused.',
    );
    expect(refusal(10000, 10001)).toMatch(/^"x.png" declares 10000×10001 pixels \(100 MP\);/);
    expect(refusal(16385, 1)).toMatch(/^"x.png" declares 16385×1 pixels \(0.0164 MP\);/);
    expect(refusal(1, 20000)).toMatch(/^"x.png" declares 1×20000 pixels \(0.02 MP\);/);
  });

  it("applies them to WebP canvases", async () => {
    const webp = await toBytes(solid(123, 45, 4).webp());
    expect(fourcc(webp)).toBe("VP8X");
    webp.set([0x1f, 0x4e, 0, 0x1f, 0x4e, 0], 24);
    expect(await inputError(() => header(webp, "w.webp"))).toBe(
      '"w.webp" declares 20000×20000 pixels (400 MP); images over 100 MP or 16384 px a side are refused.',
    );
  });
});

describe("decompression bombs are refused from their headers", () => {
  const dir = mkdtempSync(join(tmpdir(), "bombs-"));
  let masks: [number, Bytes][];
  let pngImage: Bytes;
  let jpegImage: Bytes;

  beforeAll(async () => {
    masks = [30000, 60000].map((side) => [side, zeroPng(side, side)]);
    pngImage = zeroPng(40000, 25000, 3);
    jpegImage = await jpegDeclaring(65000, 48000);
    writeFileSync(join(dir, "bomb.png"), pngImage);
    writeFileSync(join(dir, "bomb.jpg"), jpegImage);
  });

  /** The refusal's message; fails unless it came within 100 ms and the process grew by under 100 MB. */
  async function refusedQuickly(run: () => unknown): Promise<string> {
    const rss = process.memoryUsage.rss();
    const start = performance.now();
    let message: string | undefined;
    try {
      await run();
    } catch (err) {
      expect(err).toBeInstanceOf(Error);
      message = (err as Error).message;
    }
    const ms = performance.now() - start;
    const grewMb = (process.memoryUsage.rss() - rss) / 2 ** 20;
    expect(message, "not refused").toBeDefined();
    expect(ms, message).toBeLessThan(100);
    expect(grewMb, message).toBeLessThan(100);
    return message!;
  }

  it("the fixtures are small, valid PNGs and a JPEG that declare huge sizes", async () => {
    for (const [side, png] of masks) {
      expect(png.length).toBeLessThan(4 * 2 ** 20);
      const meta = await sharp(png, { limitInputPixels: false }).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([side, side, 1]);
    }
    const [side, png] = masks[0];
    expect(png.length).toBeLessThan(2 ** 20);
    const idat = Buffer.from(png.buffer, png.byteOffset, png.length).indexOf("IDAT") + 4;
    const length = new DataView(png.buffer, png.byteOffset).getUint32(idat - 8);
    let inflated = 0;
    const zeros = Buffer.alloc(1 << 20);
    await new Promise((resolve, reject) => {
      const inflate = createInflate();
      inflate.on("data", (chunk: Buffer) => {
        inflated += chunk.length;
        if (!chunk.equals(zeros.subarray(0, chunk.length))) reject(new Error("non-zero row data"));
      });
      inflate.on("end", resolve).on("error", reject);
      inflate.end(png.subarray(idat, idat + length));
    });
    expect(inflated).toBe((side + 1) * side);
    const jpeg = await sharp(jpegImage, { limitInputPixels: false }).metadata();
    expect([jpeg.width, jpeg.height]).toEqual([65000, 48000]);
  });

  it("decodeLabelPng refuses 30000² and 60000² masks without inflating them", async () => {
    for (const [side, png] of masks) {
      const message = await refusedQuickly(() => decodeLabelPng(png));
      expect(message).toBe(
        `Ground-truth mask declares ${side}×${side} pixels (${(side * side) / 1e6} MP); ` +
          "images over 100 MP or 16384 px a side are refused.",
      );
      expect(() => decodeLabelPng(png)).toThrow(LabelFormatError);
    }
  });

  it("readImageHeader refuses huge PNG and JPEG images", async () => {
    for (const [side, png] of masks) {
      expect(await refusedQuickly(() => header(png, "mask.png"))).toMatch(
        new RegExp(`^"mask.png" declares ${side}×${side} pixels`),
      );
    }
    expect(await refusedQuickly(() => header(pngImage, "bomb.png"))).toBe(
      '"bomb.png" declares 40000×25000 pixels (1000 MP); images over 100 MP or 16384 px a side are refused.',
    );
    expect(await refusedQuickly(() => header(jpegImage, "bomb.jpg"))).toBe(
      '"bomb.jpg" declares 65000×48000 pixels (3120 MP); images over 100 MP or 16384 px a side are refused.',
    );
  });

  it("the node decodeImage refuses them by path and by bytes before sharp decodes", async () => {
    for (const [file, declared] of [
      ["bomb.png", "40000×25000"],
      ["bomb.jpg", "65000×48000"],
    ]) {
      const path = join(dir, file);
      const byPath = await refusedQuickly(() => decodeImage(path));
      expect(byPath).toMatch(new RegExp(`^"${file}" declares ${declared} pixels`));
      const bytes = new Uint8Array(readFileSync(path));
      expect(await refusedQuickly(() => decodeImage(bytes, file))).toBe(byPath);
      expect(await inputError(() => decodeImage(bytes))).toMatch(new RegExp(`^"image" declares ${declared} pixels`));
    }
  });
});
