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

/**
 * For a model whose classes are not the set's: `prediction` maps each model class to a set class (or to a set class
 * the model lacks, whose ground truth `truth` maps to 255, so it only collects misses); `truth` maps each mask value.
 */
export interface ClassMap {
  prediction: Uint8Array;
  truth: Uint8Array;
}

export interface Scorer {
  decode: DecodeImage;
  infer: Infer;
  inputSize: number;
  /** The accuracy mode; the reference (stretch, once) when absent. */
  mode?: Mode;
  classMap?: ClassMap;
}

/** check sizes → decode the image and the mask → segment → count. Bad input throws, with a message for the user. */
export async function scorePair(
  pair: PairFiles,
  { decode, infer, inputSize, mode, classMap }: Scorer,
): Promise<PairScore> {
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
  const remap = (values: Uint8Array, map: Uint8Array) => values.map((v) => map[v]);
  accumulate(
    confusion,
    classMap ? remap(gt.labels, classMap.truth) : gt.labels,
    classMap ? remap(result.labels, classMap.prediction) : result.labels,
  );
  return {
    id: pair.id,
    width: result.width,
    height: result.height,
    counts: confusion.counts,
    labels: result.labels,
    timings: { decode: decodeMs, ...result.timings },
  };
}
