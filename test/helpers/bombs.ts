import { constants, crc32, deflateRawSync } from "node:zlib";
import sharp from "sharp";

const BLOCK = 1 << 20;

/**
 * A valid 8-bit grayscale (or RGB) PNG of zeros declaring width×height, small however large it declares:
 * 1 MiB of zeros is deflated once, ending in a full flush, and that piece repeated, so the zlib stream
 * inflates to every row (filter byte and pixels, all 0) without compressing gigabytes here.
 */
export function zeroPng(width: number, height: number, channels: 1 | 3 = 1): Uint8Array<ArrayBuffer> {
  const total = (width * channels + 1) * height;
  const piece = deflateRawSync(Buffer.alloc(BLOCK), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(total % BLOCK), { level: 9 });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((total % 65521) * 65536 + 1) >>> 0);
  const stream = Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array(Math.floor(total / BLOCK)).fill(piece),
    last,
    adler,
  ]);
  return png(width, height, [stream], channels);
}

/** An 8-bit grayscale PNG declaring width×height whose IDATs hold `zlib` split into `parts`. */
export function grayPng(width: number, height: number, zlib: Uint8Array, parts = 1): Buffer {
  const step = Math.ceil(zlib.length / parts);
  const idats = Array.from({ length: parts }, (_, i) => zlib.subarray(i * step, (i + 1) * step));
  return png(width, height, idats);
}

/** A valid PNG whose IHDR (and its CRC) is rewritten to declare width×height. */
export function redeclare(bytes: Uint8Array, width: number, height: number): Buffer {
  const out = Buffer.from(bytes);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

/** An 8-bit grayscale (or RGB) PNG declaring width×height, whose IDAT chunks hold `idats`. */
function png(width: number, height: number, idats: Uint8Array[], channels: 1 | 3 = 1): Buffer<ArrayBuffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks = [chunk("IHDR", header), ...idats.map((data) => chunk("IDAT", data)), chunk("IEND", Buffer.alloc(0))];
  return Buffer.concat([signature, ...chunks]);
}

/** A PNG chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** A small real JPEG whose frame header (SOF0) is rewritten to declare width×height. */
export async function jpegDeclaring(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(
    await sharp({ create: { width: 16, height: 8, channels: 3, background: "#808080" } })
      .jpeg()
      .toBuffer(),
  );
  const sof = sofOffset(bytes);
  bytes.set([height >> 8, height & 255, width >> 8, width & 255], sof + 5);
  return bytes;
}

/** Offset of the first SOF0/SOF2 marker of a JPEG (baseline or progressive, as sharp writes). */
export function sofOffset(jpeg: Uint8Array): number {
  let pos = 2;
  while (jpeg[pos] === 0xff && jpeg[pos + 1] !== 0xc0 && jpeg[pos + 1] !== 0xc2) {
    pos += 2 + ((jpeg[pos + 2] << 8) | jpeg[pos + 3]);
  }
  if (jpeg[pos] !== 0xff) throw new Error("no SOF0/SOF2 in the JPEG");
  return pos;
}
