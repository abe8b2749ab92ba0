import type { Fit } from "@/lib/pipeline/modes";

/**
 * Sides of inputs other than the model's own are snapped to 16k + 1: the logits of models with output
 * stride 8 or 16 then line up with the input's corners (logit j sits on input pixel j·stride).
 */
export const SIDE_STEP = 16;

/** The model input for one run, and where the image lies in it (top left, content × content pixels). */
export interface Geometry {
  height: number;
  width: number;
  contentHeight: number;
  contentWidth: number;
}

export function snapSide(length: number): number {
  return Math.max(1, Math.round((length - 1) / SIDE_STEP)) * SIDE_STEP + 1;
}

/** The square side a scale runs at: the model's own size at scale 1, else snapped to 16k + 1. */
export function scaledSide(inputSize: number, scale: number): number {
  return scale === 1 ? inputSize : snapSide(scale * (inputSize - 1) + 1);
}

/** How a width×height image is fitted to a model input of `inputSize` at `scale`. */
export function fitGeometry(width: number, height: number, inputSize: number, fit: Fit, scale = 1): Geometry {
  const side = scaledSide(inputSize, scale);
  if (fit === "stretch") return { height: side, width: side, contentHeight: side, contentWidth: side };
  const long = Math.max(width, height);
  const short = (n: number) => (n === long ? side : Math.max(1, Math.min(side, Math.round((n * side) / long))));
  if (fit === "pad") return { height: side, width: side, contentHeight: short(height), contentWidth: short(width) };
  const snapped = (n: number) => (n === long ? side : Math.min(side, snapSide((n * side) / long)));
  const [h, w] = [snapped(height), snapped(width)];
  return { height: h, width: w, contentHeight: h, contentWidth: w };
}

/**
 * The span of logit rows (or columns) that covers the content: logit j sits on input pixel
 * j·(input − 1)/(logits − 1), so the content's last pixel sits on (content − 1)·(logits − 1)/(input − 1).
 */
export function logitSpan(content: number, input: number, logits: number): number {
  return input === 1 ? 0 : ((content - 1) * (logits - 1)) / (input - 1);
}
