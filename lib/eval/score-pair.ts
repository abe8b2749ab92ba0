import type { Infer, RawImage } from "@/lib/contract";
import { accumulate, createConfusion } from "@/lib/metrics/confusion";
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
}

/** decode → read the mask → check sizes → segment → count. Bad input throws, with a message for the user. */
export async function scorePair(pair: PairFiles, { decode, infer, inputSize }: Scorer): Promise<PairScore> {
  const t0 = performance.now();
  const image = await decode(pair.image, `${pair.id} image`);
  const gt = decodeLabelPng(new Uint8Array(await pair.mask.arrayBuffer()));
  checkSameSize(gt, image.width, image.height);
  const decodeMs = performance.now() - t0;
  const result = await segment(image, inputSize, infer);
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
