import { decode, encode, type DecodedPng } from "fast-png";
import { checkImageSize, readPngSize, type ImageSize } from "@/lib/image/header";
import { checkPngInflation } from "@/lib/image/png-guard";
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
  try {
    /*#__NOINLINE__*/ checkPngInflation(bytes, declared, "Ground-truth file");
  } catch (err) {
    throw asLabelError(err);
  }
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
    throw asLabelError(err);
  }
}

function asLabelError(err: unknown): unknown {
  return err instanceof ImageInputError ? new LabelFormatError(err.message) : err;
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
