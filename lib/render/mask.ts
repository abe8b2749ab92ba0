import { IGNORE_INDEX } from "@/lib/voc/classes";
import { VOC_PALETTE } from "@/lib/voc/palette";

/** RGBA for each of the 256 label values; hidden classes are fully transparent. */
export function maskColors(hidden: readonly number[] = []): Uint8Array {
  const lut = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    lut.set([VOC_PALETTE[i * 3], VOC_PALETTE[i * 3 + 1], VOC_PALETTE[i * 3 + 2], 255], i * 4);
  }
  for (const k of hidden) lut[k * 4 + 3] = 0;
  return lut;
}

/** Colours a label map into RGBA pixels through a 256-entry RGBA table. */
export function colorize(labels: Uint8Array, lut: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(labels.length * 4);
  for (let i = 0, o = 0; i < labels.length; i++, o += 4) {
    const c = labels[i] * 4;
    out[o] = lut[c];
    out[o + 1] = lut[c + 1];
    out[o + 2] = lut[c + 2];
    out[o + 3] = lut[c + 3];
  }
  return out;
}

export const ERROR_COLORS = {
  correct: [34, 197, 94],
  wrong: [239, 68, 68],
  void: [156, 163, 175],
} as const;
/** The Errors view is drawn over a faded photo: a wrong pixel stands out, a correct one lets the photo show. */
export const ERROR_ALPHA = { correct: 0, wrong: 255, void: 170 } as const;

/** Red where the prediction differs from the ground truth, grey on void pixels, clear where they match. */
export function errorPixels(pred: Uint8Array, gt: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  if (pred.length !== gt.length) {
    throw new RangeError(`Prediction has ${pred.length} pixels but ground truth has ${gt.length}`);
  }
  const out = new Uint8ClampedArray(pred.length * 4);
  for (let i = 0, o = 0; i < pred.length; i++, o += 4) {
    const g = gt[i];
    const key = g === IGNORE_INDEX ? "void" : g === pred[i] ? "correct" : "wrong";
    const [r, gr, b] = ERROR_COLORS[key];
    out[o] = r;
    out[o + 1] = gr;
    out[o + 2] = b;
    out[o + 3] = ERROR_ALPHA[key];
  }
  return out;
}

export const DISAGREE_COLOR = [255, 0, 255] as const;

/** Opaque magenta where two label maps differ, transparent elsewhere; and how many pixels differ. */
export function disagreementPixels(
  a: Uint8Array,
  b: Uint8Array,
): { rgba: Uint8ClampedArray<ArrayBuffer>; differ: number } {
  if (a.length !== b.length)
    throw new RangeError(`Label maps of ${a.length} and ${b.length} pixels cannot be compared`);
  const rgba = new Uint8ClampedArray(a.length * 4);
  let differ = 0;
  for (let i = 0, o = 0; i < a.length; i++, o += 4) {
    if (a[i] === b[i]) continue;
    differ++;
    rgba[o] = DISAGREE_COLOR[0];
    rgba[o + 1] = DISAGREE_COLOR[1];
    rgba[o + 2] = DISAGREE_COLOR[2];
    rgba[o + 3] = 255;
  }
  return { rgba, differ };
}
