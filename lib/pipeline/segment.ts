import type { Infer, Logits, RawImage } from "@/lib/contract";
import { fitGeometry, logitSpan } from "@/lib/pipeline/geometry";
import { checkMode, REFERENCE_MODE, type Mode } from "@/lib/pipeline/modes";
import { addResampled, upsampleArgmax } from "@/lib/pipeline/postprocess";
import { mirrorPlanar, padPlanar, resizeImage } from "@/lib/pipeline/preprocess";

export type StageTimings = { preprocess: number; inference: number; postprocess: number };

/** Per-stage milliseconds, from the file's bytes to the class map. */
export type Timings = StageTimings & { decode: number };

export interface Segmentation {
  /** Class index per pixel at the image's full resolution. */
  labels: Uint8Array;
  width: number;
  height: number;
  /** The scores the labels were upsampled from: the model's (cropped to the image), or the scales' mean grid. */
  logits: Logits;
  timings: StageTimings;
}

/** One scale's logits (the flips' mean) and the span of their grid that covers the image. */
type Run = { logits: Logits; spanH: number; spanW: number };

/**
 * decoded image → preprocess → inference → full-resolution class map: the one pipeline of CLI and page.
 * The reference mode stretches the image to the model's square input and runs it once.
 */
export async function segment(
  image: RawImage,
  inputSize: number,
  infer: Infer,
  mode: Mode = REFERENCE_MODE,
): Promise<Segmentation> {
  const { fit, flip, scales } = checkMode(mode);
  const timings: StageTimings = { preprocess: 0, inference: 0, postprocess: 0 };
  const timed = async <T>(stage: keyof StageTimings, work: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    timings[stage] += performance.now() - t0;
    return result;
  };
  const runs: Run[] = [];
  for (const scale of scales) {
    const g = fitGeometry(image.width, image.height, inputSize, fit, scale);
    const input = await timed("preprocess", () => {
      const content = resizeImage(image, g.contentWidth, g.contentHeight);
      const padded =
        fit === "pad" ? padPlanar(content, 3, g.contentHeight, g.contentWidth, g.height, g.width) : content;
      return padded;
    });
    let logits = await timed("inference", () => infer(input, g.height, g.width));
    if (flip) {
      const mirrored = await timed("preprocess", () => mirrorPlanar(input, 3, g.height, g.width));
      const back = await timed("inference", () => infer(mirrored, g.height, g.width));
      logits = await timed("postprocess", () => meanWithMirror(logits, back));
    }
    if (fit === "pad") checkAligned(logits, g.height, g.width);
    const spanH = logitSpan(g.contentHeight, g.height, logits.height);
    const spanW = logitSpan(g.contentWidth, g.width, logits.width);
    runs.push(fit === "pad" ? await timed("postprocess", () => crop(logits, spanH, spanW)) : { logits, spanH, spanW });
  }
  const t0 = performance.now();
  const { logits, spanH, spanW } = runs.length === 1 ? runs[0] : meanOnGrid(runs, image.height, image.width);
  const labels = upsampleArgmax(
    logits.data,
    logits.classes,
    logits.height,
    logits.width,
    image.height,
    image.width,
    spanH,
    spanW,
  );
  timings.postprocess += performance.now() - t0;
  return { labels, width: image.width, height: image.height, logits, timings };
}

/** Means (a + mirror(b)) / 2 of two runs on the same grid, b having run on the mirrored input. */
function meanWithMirror(a: Logits, b: Logits): Logits {
  if (a.classes !== b.classes || a.height !== b.height || a.width !== b.width) {
    throw new Error(`The mirrored input gave ${b.height}×${b.width} logits, the input ${a.height}×${a.width}`);
  }
  const back = mirrorPlanar(b.data, b.classes, b.height, b.width);
  const data = new Float32Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (a.data[i] + back[i]) / 2;
  return { ...a, data };
}

/** Padding assumes the logits sit on the input's corners (input − 1 a multiple of logits − 1). */
function checkAligned(logits: Logits, height: number, width: number) {
  const fits = (input: number, n: number) => n === 1 || (n > 1 && (input - 1) % (n - 1) === 0);
  if (!fits(height, logits.height) || !fits(width, logits.width)) {
    throw new Error(
      `The model gave ${logits.height}×${logits.width} logits for a ${height}×${width} input, which do not line up ` +
        "with the input's corners, so the padding cannot be cropped off",
    );
  }
}

/** Keeps the logit rows and columns that reach the content (the span rounded up). */
function crop(logits: Logits, spanH: number, spanW: number): Run {
  const h = Math.min(logits.height, Math.ceil(spanH) + 1);
  const w = Math.min(logits.width, Math.ceil(spanW) + 1);
  const data = new Float32Array(logits.classes * h * w);
  for (let k = 0; k < logits.classes; k++) {
    for (let y = 0; y < h; y++) {
      const from = (k * logits.height + y) * logits.width;
      data.set(logits.data.subarray(from, from + w), (k * h + y) * w);
    }
  }
  return { logits: { data, classes: logits.classes, height: h, width: w }, spanH, spanW };
}

/** Each scale's logits sampled onto one grid about a quarter of the image's resolution, then averaged. */
function meanOnGrid(runs: Run[], height: number, width: number): Run {
  const classes = runs[0].logits.classes;
  const gh = Math.round((height - 1) / 4) + 1;
  const gw = Math.round((width - 1) / 4) + 1;
  const data = new Float32Array(classes * gh * gw);
  for (const { logits, spanH, spanW } of runs) {
    if (logits.classes !== classes) throw new Error(`The scales gave ${classes} and ${logits.classes} classes`);
    addResampled(data, logits.data, classes, logits.height, logits.width, spanH, spanW, gh, gw);
  }
  for (let i = 0; i < data.length; i++) data[i] /= runs.length;
  return { logits: { data, classes, height: gh, width: gw }, spanH: gh - 1, spanW: gw - 1 };
}
