import { decode, encode, type DecodedPng } from "fast-png";
import { Unzlib } from "fflate";
import { checkImageSize, readPngSize, type ImageSize } from "@/lib/image/header";
import { ImageInputError } from "@/lib/image/sniff";
import { IGNORE_INDEX, NUM_CLASSES } from "@/lib/voc/classes";
import { VOC_PALETTE } from "@/lib/voc/palette";

// `/*#__NOINLINE__*/`: see lib/pipeline/segment.ts (the minifier must not turn per-image loops into closures).

/** A per-pixel class map, row-major. */
export type LabelMap = { width: number; height: number; labels: Uint8Array };

export class LabelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabelFormatError";
  }
}

const MAX_LISTED = 5;

/**
 * Reads a ground-truth mask. Palette PNGs and 8-bit grayscale PNGs hold class
 * indices directly; RGB(A) PNGs are mapped back through the VOC colour map.
 * The header is checked before anything is inflated: a mask over the image size limits,
 * or of another size than `expected`, is refused without decoding its pixels, and image data that
 * inflates past the size the header declares is refused as soon as it does.
 */
export function decodeLabelPng(bytes: Uint8Array, expected?: ImageSize): LabelMap {
  const declared = readMaskHeader(bytes);
  if (expected) checkSameSize(declared, expected.width, expected.height);
  /*#__NOINLINE__*/ checkInflatedSize(bytes, declared);
  let png: DecodedPng;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new LabelFormatError(`Ground-truth file is not a readable PNG: ${reason}`);
  }
  const { width, height, depth, channels } = png;
  const indexed = png.palette !== undefined && channels === 1;
  const rowValues = depth < 8 ? Math.ceil((width * depth) / 8) : width * channels;
  if (png.data.length < rowValues * height) {
    throw new LabelFormatError("Ground-truth file is not a readable PNG: image data is truncated");
  }
  let labels: Uint8Array;
  if (depth === 8 && channels === 1) {
    labels = new Uint8Array(png.data.buffer, png.data.byteOffset, width * height);
  } else if (indexed && depth < 8) {
    labels = unpackRows(png.data as Uint8Array, width, height, depth);
  } else if (depth === 8 && (channels === 3 || channels === 4)) {
    labels = coloursToLabels(png.data as Uint8Array, width, height, channels);
  } else {
    throw new LabelFormatError(
      `Ground-truth mask is a ${depth}-bit ${describeChannels(channels, indexed)} PNG; ` +
        "expected an 8-bit palette, 8-bit grayscale or 8-bit RGB(A) PNG",
    );
  }
  /*#__NOINLINE__*/ checkLabelValues(labels, width);
  return { width, height, labels };
}

/** Writes an 8-bit palette PNG with the VOC colours; pixel value = class index. */
export function encodeLabelPng(map: LabelMap): Uint8Array {
  const { width, height, labels } = map;
  if (labels.length !== width * height) {
    throw new RangeError(`Label map has ${labels.length} values for ${width}×${height} pixels`);
  }
  const palette: number[][] = [];
  for (let i = 0; i < 256; i++) {
    palette.push([VOC_PALETTE[i * 3], VOC_PALETTE[i * 3 + 1], VOC_PALETTE[i * 3 + 2]]);
  }
  return encode({ width, height, data: labels, depth: 8, channels: 1, palette });
}

export function checkSameSize(label: ImageSize, width: number, height: number): void {
  if (label.width !== width || label.height !== height) {
    throw new LabelFormatError(`Ground truth is ${label.width}×${label.height} but the image is ${width}×${height}`);
  }
}

function readMaskHeader(bytes: Uint8Array): ImageSize {
  try {
    const size = readPngSize(bytes, "Ground-truth file");
    checkImageSize("Ground-truth mask", size.width, size.height);
    return size;
  } catch (err) {
    throw err instanceof ImageInputError ? new LabelFormatError(err.message) : err;
  }
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];
/** Deflate inflates at most 1032 bytes per byte (a 258-byte match in two 1-bit codes). */
const MAX_RATIO = 1032;
/** How far past the declared size the pre-pass may inflate before it notices (a 256-byte slice: 258 KB). */
const OVERSHOOT = 256 * 1024;
const MIN_SLICE = 256;
/**
 * Real encoders never write this much image data in a row that inflates to nothing (a stored block is
 * under 64 KB): past it the stream has ended, or is padding before a bomb that slices of up to 8 KB
 * (silent >> 4) can inflate at most 8.5 MB of.
 */
const MAX_SILENT_INPUT = 128 * 1024;

/** Bytes of filtered scanlines (a filter byte per row) a non-interlaced or Adam7 PNG must inflate to. */
function filteredSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w > 0 && h > 0 ? h * (1 + Math.ceil((w * bitsPerPixel) / 8)) : 0);
  if (!interlaced) return rows(width, height);
  return ADAM7.reduce(
    (sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)),
    0,
  );
}

/**
 * Inflates the IDAT stream in slices too small to inflate much more than 256 KB past the declared size,
 * counting and discarding the output, and refuses it as soon as it passes that size.
 * Malformed chunks or zlib data are left for fast-png to report.
 */
function checkInflatedSize(bytes: Uint8Array, size: ImageSize): void {
  if (bytes.length < 33) return;
  const channels = CHANNELS[bytes[25]];
  if (channels === undefined) return;
  const limit = filteredSize(size.width, size.height, channels * bytes[24], bytes[28] === 1);
  const refuse = (reason: string) => new LabelFormatError(`Ground-truth file is not a readable PNG: ${reason}.`);
  let inflated = 0;
  let silent = 0;
  const inflater = new Unzlib((chunk) => {
    inflated += chunk.length;
    if (chunk.length > 0) silent = 0;
  });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    for (let pos = 8; pos + 8 <= bytes.length; pos += 12 + view.getUint32(pos)) {
      const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
      if (type === "IEND") return;
      if (type !== "IDAT") continue;
      const end = Math.min(pos + 8 + view.getUint32(pos), bytes.length);
      for (let at = pos + 8; at < end;) {
        // Slices grow with a silent run, as fflate copies all unread input at every push after the stream ends.
        const room = Math.max(MIN_SLICE, silent >> 4, Math.floor((limit - inflated + OVERSHOOT) / MAX_RATIO));
        const slice = bytes.subarray(at, Math.min(at + room, end));
        at += slice.length;
        silent += slice.length;
        inflater.push(slice);
        if (inflated > limit) {
          throw refuse(`its image data inflates past the ${size.width}×${size.height} pixels its header declares`);
        }
        if (silent > MAX_SILENT_INPUT) {
          throw refuse(`over ${MAX_SILENT_INPUT >> 10} KB of its image data in a row inflates to nothing`);
        }
      }
    }
  } catch (err) {
    if (err instanceof LabelFormatError) throw err;
  }
}

function describeChannels(channels: number, indexed: boolean): string {
  if (indexed) return "palette";
  return ["", "grayscale", "grayscale+alpha", "RGB", "RGBA"][channels] ?? `${channels}-channel`;
}

/** Expands 1/2/4-bit packed rows (each row starts on a byte boundary). */
function unpackRows(data: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)];
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function isValidLabel(v: number): boolean {
  return v < NUM_CLASSES || v === IGNORE_INDEX;
}

function checkLabelValues(labels: Uint8Array, width: number): void {
  let first = -1;
  const bad = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!isValidLabel(v)) {
      if (first < 0) first = i;
      bad.add(v);
    }
  }
  if (first < 0) return;
  const values = [...bad].sort((a, b) => a - b).map(String);
  throw new LabelFormatError(
    `Ground-truth mask has values outside 0–${NUM_CLASSES - 1} and ${IGNORE_INDEX}: ` +
      `${listSome(values)} (first at ${position(first, width)})`,
  );
}

function coloursToLabels(data: Uint8Array, width: number, height: number, channels: number): Uint8Array {
  const classOf = new Map<number, number>();
  for (let i = 0; i < 256; i++) {
    if (!isValidLabel(i)) continue;
    classOf.set((VOC_PALETTE[i * 3] << 16) | (VOC_PALETTE[i * 3 + 1] << 8) | VOC_PALETTE[i * 3 + 2], i);
  }
  const out = new Uint8Array(width * height);
  const bad = new Set<number>();
  let first = -1;
  let lastKey = -1;
  let lastClass = 0;
  for (let i = 0, o = 0; i < out.length; i++, o += channels) {
    const key = (data[o] << 16) | (data[o + 1] << 8) | data[o + 2];
    if (key !== lastKey) {
      const c = classOf.get(key);
      if (c === undefined) {
        if (first < 0) first = i;
        bad.add(key);
        continue;
      }
      lastKey = key;
      lastClass = c;
    }
    out[i] = lastClass;
  }
  if (first >= 0) {
    const colours = [...bad].map((k) => `rgb(${k >> 16},${(k >> 8) & 255},${k & 255})`);
    throw new LabelFormatError(
      `Ground-truth mask has colours that are not VOC classes: ${listSome(colours)} ` +
        `(first at ${position(first, width)})`,
    );
  }
  return out;
}

function listSome(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(", ");
  const rest = items.length - MAX_LISTED;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}

function position(index: number, width: number): string {
  return `x=${index % width}, y=${Math.floor(index / width)}`;
}
