import type { Infer, Logits } from "@/lib/contract";
import { upsampleArgmax } from "@/lib/pipeline/postprocess";
import { preprocess } from "@/lib/pipeline/preprocess";
import type { RawImage } from "@/lib/contract";

export type StageTimings = { preprocess: number; inference: number; postprocess: number };

/** Per-stage milliseconds, from the file's bytes to the class map. */
export type Timings = StageTimings & { decode: number };

export interface Segmentation {
  /** Class index per pixel at the image's full resolution. */
  labels: Uint8Array;
  width: number;
  height: number;
  logits: Logits;
  timings: StageTimings;
}

/** decoded image → preprocess → inference → full-resolution class map: the one pipeline of CLI and page. */
export async function segment(image: RawImage, inputSize: number, infer: Infer): Promise<Segmentation> {
  const t0 = performance.now();
  const input = preprocess(image, inputSize);
  const t1 = performance.now();
  const logits = await infer(input, inputSize, inputSize);
  const t2 = performance.now();
  const labels = upsampleArgmax(logits.data, logits.classes, logits.height, logits.width, image.height, image.width);
  const t3 = performance.now();
  return {
    labels,
    width: image.width,
    height: image.height,
    logits,
    timings: { preprocess: t1 - t0, inference: t2 - t1, postprocess: t3 - t2 },
  };
}
