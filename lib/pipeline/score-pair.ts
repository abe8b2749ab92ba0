import type { Infer, Logits, RawImage } from "@/lib/contract";
import { readImageHeader } from "@/lib/image/header";
import type { ClassMap } from "@/lib/metrics/class-map";
import { accumulate, createConfusion } from "@/lib/metrics/confusion";
import type { Mode } from "@/lib/pipeline/modes";
import type { Stages } from "@/lib/pipeline/overlap";
import { finish, inferAll, prepare, type Prepared, type Timings } from "@/lib/pipeline/segment";
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
  classMap?: ClassMap;
}

/** A pair decoded and preprocessed: the model inputs, and the ground truth waiting for the prediction. */
export interface PreparedPair extends Prepared {
  id: string;
  truth: Uint8Array;
  decodeMs: number;
}

/**
 * check sizes → decode the image and the mask → preprocess. Bad input throws, with a message for the user.
 * Sizes come from the headers first: a bomb, or a mask that cannot match, is refused before any pixel is decoded.
 */
export async function preparePair(
  pair: PairFiles,
  { decode, inputSize, mode }: Pick<Scorer, "decode" | "inputSize" | "mode">,
): Promise<PreparedPair> {
  const t0 = performance.now();
  const name = `${pair.id} image`;
  const size = await readImageHeader(pair.image, name);
  const gt = decodeLabelPng(new Uint8Array(await pair.mask.arrayBuffer()), size);
  const image = await decode(pair.image, name);
  checkSameSize(gt, image.width, image.height);
  const decodeMs = performance.now() - t0;
  return { id: pair.id, truth: gt.labels, decodeMs, ...prepare(image, inputSize, mode) };
}

/** The model's logits for a prepared pair → class map → the pair's confusion counts. */
export function finishPair(
  pair: PreparedPair,
  logits: readonly Logits[],
  inferenceMs: number,
  classMap?: ClassMap,
): PairScore {
  const result = finish(pair.plan, logits);
  const t0 = performance.now();
  const confusion = createConfusion();
  const remap = (values: Uint8Array, map: Uint8Array) => values.map((v) => map[v]);
  accumulate(
    confusion,
    classMap ? remap(pair.truth, classMap.truth) : pair.truth,
    classMap ? remap(result.labels, classMap.prediction) : result.labels,
  );
  return {
    id: pair.id,
    width: result.width,
    height: result.height,
    counts: confusion.counts,
    labels: result.labels,
    timings: {
      decode: pair.decodeMs,
      preprocess: pair.preprocessMs,
      inference: inferenceMs,
      postprocess: result.ms + performance.now() - t0,
    },
  };
}

export type Inferred = Awaited<ReturnType<typeof inferAll>>;

/** A scorer's stages for evaluatePairs, which overlaps them from one pair to the next; `files` reads a pair. */
export function pairStages<P>(
  files: (pair: P) => Promise<PairFiles>,
  scorer: Scorer,
): Stages<P, PreparedPair, Inferred, PairScore> {
  return {
    prepare: async (pair) => preparePair(await files(pair), scorer),
    infer: (prepared) => inferAll(prepared.inputs, scorer.infer),
    finish: (prepared, { logits, ms }) => finishPair(prepared, logits, ms, scorer.classMap),
  };
}

/** A pair's three stages back to back, for callers that score one pair at a time. */
export async function scorePair(pair: PairFiles, scorer: Scorer): Promise<PairScore> {
  const prepared = await preparePair(pair, scorer);
  const inferred = await inferAll(prepared.inputs, scorer.infer);
  return finishPair(prepared, inferred.logits, inferred.ms, scorer.classMap);
}
