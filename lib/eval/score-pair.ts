import type { Infer, RawImage } from "@/lib/contract";
import { readImageHeader } from "@/lib/image/header";
import { accumulate, createConfusion } from "@/lib/metrics/confusion";
import type { Mode } from "@/lib/pipeline/modes";
import { segment, type Timings } from "@/lib/pipeline/segment";
import { checkSameSize, decodeLabelPng } from "@/lib/voc/label-png";

/** Turns an image file into pixels: createImageBitmap in the browser, libvips in Node. */
export type DecodeImage = (file: Blob, name: string) => Promise<RawImage>;

export interface PairFiles {
  id: string;
  image: Blob;
  mask: Blob;
}

/** One scored pair: its own confusion counts and, for saving, the predicted labels. */
export interface PairScore {
  id: string;
  width: number;
  height: number;
  counts: Float64Array;
  labels: Uint8Array;
  timings: Timings;
}

export interface Scorer {
  decode: DecodeImage;
  infer: Infer;
  inputSize: number;
  /** The accuracy mode; the reference (stretch, once) when absent. */
  mode?: Mode;
}

/** check sizes → decode the image and the mask → segment → count. Bad input throws, with a message for the user. */
export async function scorePair(pair: PairFiles, { decode, infer, inputSize, mode }: Scorer): Promise<PairScore> {
  const t0 = performance.now();
  const name = `${pair.id} image`;
  // Sizes from the headers first: a bomb, or a mask that cannot match, is refused before any pixel is decoded.
  const size = await readImageHeader(pair.image, name);
  const gt = decodeLabelPng(new Uint8Array(await pair.mask.arrayBuffer()), size);
  const image = await decode(pair.image, name);
  checkSameSize(gt, image.width, image.height);
  const decodeMs = performance.now() - t0;
  const result = await segment(image, inputSize, infer, mode);
  const confusion = createConfusion();
  accumulate(confusion, gt.labels, result.labels);
  return {
    id: pair.id,
    width: result.width,
    height: result.height,
    counts: confusion.counts,
    labels: result.labels,
    timings: { decode: decodeMs, ...result.timings },
  };
}
