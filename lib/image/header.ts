import { ImageInputError, sniffImage, type ImageKind } from "@/lib/image/sniff";

/** Images declaring more pixels than this are refused before decoding. */
export const MAX_PIXELS = 100_000_000;
/** Images declaring a side longer than this are refused before decoding. */
export const MAX_DIMENSION = 16384;

export type ImageSize = { width: number; height: number };
export type ImageHeader = ImageSize & { kind: ImageKind };

type Fail = (reason: string) => never;

/**
 * Throws an ImageInputError when a declared size is over the limits. `subject` starts the message:
 * a quoted file name, or words such as "Ground-truth mask".
 */
export function checkImageSize(subject: string, width: number, height: number): void {
  if (width * height <= MAX_PIXELS && Math.max(width, height) <= MAX_DIMENSION) return;
  const megapixels = Number(((width * height) / 1e6).toPrecision(3));
  throw new ImageInputError(
    `${subject} declares ${width}×${height} pixels (${megapixels} MP); ` +
      `images over ${MAX_PIXELS / 1e6} MP or ${MAX_DIMENSION} px a side are refused.`,
  );
}

/**
 * The size a file declares in its header, as displayed (JPEG EXIF orientation applied), read from a few
 * slices of the blob with no pixel decode. Throws an ImageInputError naming the file when it is empty,
 * not a JPEG, PNG or WebP, has a truncated or malformed header, or declares a size over the limits.
 */
export async function readImageHeader(blob: Blob, name: string): Promise<ImageHeader> {
  const subject = `"${name}"`;
  if (blob.size === 0) throw new ImageInputError(`${subject} is empty (0 bytes).`);
  const reader = new BlobWindow(blob);
  const head = await reader.read(0, 32);
  const kind = sniffImage(head);
  if (!kind) {
    throw new ImageInputError(
      `${subject} is not a JPEG, PNG or WebP image (its contents are not an image format this app reads).`,
    );
  }
  const fail = failWith(`${subject} looks like a ${kind.toUpperCase()} file but could not be decoded`);
  const size =
    kind === "png" ? pngSize(head, fail) : kind === "webp" ? webpSize(head, fail) : await jpegSize(reader, fail);
  checkImageSize(subject, size.width, size.height);
  return { kind, ...size };
}

/** Width and height from a PNG's IHDR, without inflating anything. Errors start with `subject`. */
export function readPngSize(bytes: Uint8Array, subject: string): ImageSize {
  return pngSize(bytes, failWith(`${subject} is not a readable PNG`));
}

function failWith(prefix: string): Fail {
  return (reason) => {
    throw new ImageInputError(`${prefix}: ${reason}.`);
  };
}

function pngSize(bytes: Uint8Array, fail: Fail): ImageSize {
  if (sniffImage(bytes) !== "png") fail("it does not start with the PNG signature");
  if (bytes.length < 24) fail(`it ends after ${bytes.length} bytes, inside its header`);
  const view = dataView(bytes);
  const type = ascii(bytes, 12, 4);
  if (type !== "IHDR") fail(`its first chunk is "${type}", not IHDR`);
  if (view.getUint32(8) !== 13) fail(`its IHDR chunk is ${view.getUint32(8)} bytes long, not 13`);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    fail(`its header declares an invalid size, ${width}×${height}`);
  }
  return { width, height };
}

function webpSize(bytes: Uint8Array, fail: Fail): ImageSize {
  const chunk = ascii(bytes, 12, 4);
  const need = chunk === "VP8L" ? 25 : 30;
  if (bytes.length < need) fail(`it ends after ${bytes.length} bytes, inside its header`);
  const view = dataView(bytes);
  let size: ImageSize;
  if (chunk === "VP8 ") {
    if ((bytes[20] & 1) !== 0 || bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) {
      fail("its VP8 chunk does not start with a key frame");
    }
    size = { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  } else if (chunk === "VP8L") {
    if (bytes[20] !== 0x2f) fail("its VP8L chunk has no lossless signature");
    const bits = view.getUint32(21, true);
    size = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  } else if (chunk === "VP8X") {
    size = { width: 1 + (view.getUint32(24, true) & 0xffffff), height: 1 + (view.getUint32(27, true) & 0xffffff) };
  } else {
    fail(`its first chunk is "${chunk}", not VP8, VP8L or VP8X`);
  }
  if (size.width === 0 || size.height === 0) fail(`its header declares an invalid size, ${size.width}×${size.height}`);
  return size;
}

/** SOF0–SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * Walks the marker segments up to the scan: the first frame header gives the size, the first EXIF APP1
 * the orientation (5–8 swap the sides). Stray bytes between segments are skipped, as libjpeg does.
 */
async function jpegSize(reader: BlobWindow, fail: Fail): Promise<ImageSize> {
  let frame: ImageSize | undefined;
  let orientation: number | undefined;
  let pos = 2;
  for (;;) {
    pos = await reader.indexOf(0xff, pos);
    while (pos >= 0 && (await reader.byteAt(pos + 1)) === 0xff) pos++;
    const marker = pos < 0 ? undefined : await reader.byteAt(pos + 1);
    if (marker === undefined || marker === 0xda || marker === 0xd9) break;
    if (marker === 0x00 || marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    const lengthBytes = await reader.read(pos + 2, 2);
    if (lengthBytes.length < 2) break;
    const length = (lengthBytes[0] << 8) | lengthBytes[1];
    if (length < 2) fail(`its segment at byte ${pos} declares a length of ${length}`);
    if (isFrameHeader(marker) && !frame) {
      const sof = await reader.read(pos + 4, 5);
      if (sof.length < 5 || length < 8) fail("its frame header (SOF) is truncated");
      frame = { width: (sof[3] << 8) | sof[4], height: (sof[1] << 8) | sof[2] };
      if (frame.width === 0 || frame.height === 0) {
        fail(`its frame header declares ${frame.width}×${frame.height} pixels (a height set later by DNL is not read)`);
      }
    } else if (marker === 0xe1 && orientation === undefined) {
      orientation = exifOrientation(await reader.read(pos + 4, length - 2));
    }
    pos += 2 + length;
  }
  if (!frame) fail(`it has no frame header (SOF) before its image data or its end (${reader.blob.size} bytes)`);
  return orientation !== undefined && orientation >= 5 ? { width: frame.height, height: frame.width } : frame;
}

/** The orientation tag (1–8) of IFD0 in an APP1 payload, or undefined when it is not EXIF or has none. */
function exifOrientation(app1: Uint8Array): number | undefined {
  if (ascii(app1, 0, 6) !== "Exif\0\0" || app1.length < 14) return undefined;
  const tiff = dataView(app1.subarray(6));
  const order = ascii(app1, 6, 2);
  if (order !== "II" && order !== "MM") return undefined;
  const little = order === "II";
  if (tiff.getUint16(2, little) !== 42) return undefined;
  const ifd = tiff.getUint32(4, little);
  if (ifd + 2 > tiff.byteLength) return undefined;
  const count = tiff.getUint16(ifd, little);
  for (let entry = ifd + 2; entry < ifd + 2 + 12 * count && entry + 12 <= tiff.byteLength; entry += 12) {
    if (tiff.getUint16(entry, little) !== 0x0112) continue;
    const value = tiff.getUint16(entry + 8, little);
    return tiff.getUint16(entry + 2, little) === 3 && value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const WINDOW_BYTES = 64 * 1024;

/** Reads a Blob through a moving 64 KB window, so a header walk costs a few slices. */
class BlobWindow {
  private start = 0;
  private bytes = new Uint8Array(0);

  constructor(readonly blob: Blob) {}

  /** Bytes [offset, offset + length), fewer where the blob ends. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(offset + length, this.blob.size);
    if (offset < this.start || end > this.start + this.bytes.length) {
      this.start = offset;
      const chunk = this.blob.slice(offset, Math.max(end, Math.min(offset + WINDOW_BYTES, this.blob.size)));
      this.bytes = new Uint8Array(await chunk.arrayBuffer());
    }
    return this.bytes.subarray(offset - this.start, end - this.start);
  }

  async byteAt(offset: number): Promise<number | undefined> {
    return (await this.read(offset, 1))[0];
  }

  /** The offset of the first `value` at or after `from`, or -1. */
  async indexOf(value: number, from: number): Promise<number> {
    for (let pos = from; pos < this.blob.size; pos = this.start + this.bytes.length) {
      await this.read(pos, 1);
      const found = this.bytes.indexOf(value, pos - this.start);
      if (found >= 0) return this.start + found;
    }
    return -1;
  }
}
