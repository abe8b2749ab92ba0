import { expect } from "vitest";
import { LabelFormatError, type LabelMap } from "@/lib/voc/label-png";
import { rng } from "@/test/helpers/rng";

const VALID = [...Array(21).keys(), 255];

/** A label map of random VOC classes (and 255), the same for the same seed. */
export function randomMap(width: number, height: number, seed: number): LabelMap {
  const rand = rng(seed);
  const labels = new Uint8Array(width * height);
  for (let i = 0; i < labels.length; i++) labels[i] = VALID[Math.floor(rand() * VALID.length)];
  return { width, height, labels };
}

/** The LabelFormatError `fn` throws; fails the test when it throws anything else, or nothing. */
export function errorOf(fn: () => unknown): LabelFormatError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LabelFormatError);
    return err as LabelFormatError;
  }
  throw new Error("expected a LabelFormatError");
}
