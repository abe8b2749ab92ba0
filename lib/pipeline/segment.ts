import type { Infer, Logits, RawImage } from "@/lib/contract";
import { fitGeometry, logitSpan, type Geometry } from "@/lib/pipeline/geometry";
import { checkMode, REFERENCE_MODE, type Fit, type Mode } from "@/lib/pipeline/modes";
import { addResampled, upsampleArgmax } from "@/lib/pipeline/postprocess";
import { mirrorPlanar, padPlanar, resizeImage } from "@/lib/pipeline/preprocess";

// `/*#__NOINLINE__*/` marks calls to per-image loops. The minifier would inline a function called from one place as
// a closure created on every call, and V8 then compiles that loop again for every image (about 4 ms of JIT per pair
// on /evaluate, measured with the stage worker's per-thread CPU).

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

/** One model input: planar [3, height, width] RGB 0–255. */
export interface ModelInput {
  data: Float32Array;
  height: number;
  width: number;
}

/** What finishing needs to turn the inputs' logits into the image's class map. */
export interface Plan {
  fit: Fit;
  flip: boolean;
  /** The image's size, which the class map takes. */
  width: number;
  height: number;
  /** One geometry per scale; with flip each scale has two inputs, the image and its mirror. */
  geometries: Geometry[];
}

export interface Prepared {
  plan: Plan;
  inputs: ModelInput[];
  preprocessMs: number;
}

/** One scale's logits (the flips' mean) and the span of their grid that covers the image. */
type Run = { logits: Logits; spanH: number; spanW: number };

/**
 * The stages of the one pipeline of CLI and page: prepare (preprocess) → infer every input → finish
 * (postprocess). They are separate so that a caller can overlap one image's inference with another's
 * preparing and finishing; segment() runs them back to back.
 * The reference mode stretches the image to the model's square input and runs it once.
 */
export function prepare(image: RawImage, inputSize: number, mode: Mode = REFERENCE_MODE): Prepared {
  const t0 = performance.now();
  const { fit, flip, scales } = checkMode(mode);
  const geometries = scales.map((scale) => fitGeometry(image.width, image.height, inputSize, fit, scale));
  const inputs: ModelInput[] = [];
  for (const g of geometries) {
    const content = /*#__NOINLINE__*/ resizeImage(image, g.contentWidth, g.contentHeight);
    const data = fit === "pad" ? padPlanar(content, 3, g.contentHeight, g.contentWidth, g.height, g.width) : content;
    inputs.push({ data, height: g.height, width: g.width });
    if (flip) inputs.push({ data: mirrorPlanar(data, 3, g.height, g.width), height: g.height, width: g.width });
  }
  const plan = { fit, flip, width: image.width, height: image.height, geometries };
  return { plan, inputs, preprocessMs: performance.now() - t0 };
}

/** Runs the model on each input in turn; resolves to their logits and the milliseconds spent. */
export async function inferAll(inputs: readonly ModelInput[], infer: Infer): Promise<{ logits: Logits[]; ms: number }> {
  const t0 = performance.now();
  const logits: Logits[] = [];
  for (const { data, height, width } of inputs) logits.push(await infer(data, height, width));
  return { logits, ms: performance.now() - t0 };
}

/** The inputs' logits → the class map at the image's full resolution. */
export function finish(plan: Plan, outputs: readonly Logits[]): Omit<Segmentation, "timings"> & { ms: number } {
  const t0 = performance.now();
  const { fit, flip, geometries } = plan;
  if (outputs.length !== geometries.length * (flip ? 2 : 1)) {
    throw new Error(`${outputs.length} logits for ${geometries.length * (flip ? 2 : 1)} inputs`);
  }
  const runs: Run[] = geometries.map((g, i) => {
    const logits = flip ? /*#__NOINLINE__*/ meanWithMirror(outputs[2 * i], outputs[2 * i + 1]) : outputs[i];
    if (fit === "pad") checkAligned(logits, g.height, g.width);
    const spanH = logitSpan(g.contentHeight, g.height, logits.height);
    const spanW = logitSpan(g.contentWidth, g.width, logits.width);
    return fit === "pad" ? /*#__NOINLINE__*/ crop(logits, spanH, spanW) : { logits, spanH, spanW };
  });
  const { logits, spanH, spanW } =
    runs.length === 1 ? runs[0] : /*#__NOINLINE__*/ meanOnGrid(runs, plan.height, plan.width);
  const { data, classes, height, width } = logits;
  const labels = /*#__NOINLINE__*/ upsampleArgmax(data, classes, height, width, plan.height, plan.width, spanH, spanW);
  return { labels, width: plan.width, height: plan.height, logits, ms: performance.now() - t0 };
}

/** decoded image → preprocess → inference → full-resolution class map. */
export async function segment(
  image: RawImage,
  inputSize: number,
  infer: Infer,
  mode: Mode = REFERENCE_MODE,
): Promise<Segmentation> {
  const { plan, inputs, preprocessMs } = prepare(image, inputSize, mode);
  const inferred = await inferAll(inputs, infer);
  const { ms, ...done } = finish(plan, inferred.logits);
  return { ...done, timings: { preprocess: preprocessMs, inference: inferred.ms, postprocess: ms } };
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
    /*#__NOINLINE__*/ addResampled(data, logits.data, classes, logits.height, logits.width, spanH, spanW, gh, gw);
  }
  for (let i = 0; i < data.length; i++) data[i] /= runs.length;
  return { logits: { data, classes, height: gh, width: gw }, spanH: gh - 1, spanW: gw - 1 };
}
