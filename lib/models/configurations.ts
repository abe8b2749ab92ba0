import type { Backend } from "@/lib/contract";
import type { ModelInfo } from "@/lib/models/manifest";
import { paretoFront } from "@/lib/models/pareto";
import { fitGeometry } from "@/lib/pipeline/geometry";
import { modeKey, parseMode, REFERENCE_MODE, type Mode } from "@/lib/pipeline/modes";
import type { StageTimings } from "@/lib/pipeline/segment";

/** The paper's Mobile DeepLabv3 (MobileNetV2 ×1.0, OS16, 513 px), scored on the full VOC 2012 val set. */
export const PAPER = { mIoU: 75.32, madds: 2.75e9, label: "Paper: Mobile DeepLabv3, full VOC val" } as const;

/**
 * The image size MAdds are counted for where the fit keeps the aspect ratio: 500×375, the commonest
 * size in VOC (140 of the sample's 346 images).
 */
export const TYPICAL_IMAGE = { width: 500, height: 375 } as const;

/** One model run in one accuracy mode, with its VOC-sample score. */
export interface Configuration {
  /** "<model id> <mode key>", unique. */
  key: string;
  model: ModelInfo;
  mode: Mode;
  /** VOC-sample mIoU in percent, of the file the page runs (a QDQ model's float twin). */
  mIoU: number;
  /** Multiply-adds per image: the model's, times each run's input area over its own, over every run. */
  madds: number;
}

export const configurationKey = (modelId: string, mode: Mode) => `${modelId} ${modeKey(mode)}`;

/** Where a configuration's latency on one backend is kept. */
export const costKey = (backend: Backend, modelId: string, mode: Mode) =>
  `${backend} ${configurationKey(modelId, mode)}`;

/** A configuration's latency: from the decoded image to the class map (every preprocess, inference and postprocess). */
export const latencyOf = (t: StageTimings) => t.preprocess + t.inference + t.postprocess;

/** The model's MAdds × (input area / native area), summed over the mode's scales and flips. */
export function modeMadds(model: ModelInfo, mode: Mode, image = TYPICAL_IMAGE): number {
  const native = model.inputSize * model.inputSize;
  const area = mode.scales.reduce((sum, scale) => {
    const g = fitGeometry(image.width, image.height, model.inputSize, mode.fit, scale);
    return sum + g.width * g.height;
  }, 0);
  return (model.madds * area * (mode.flip ? 2 : 1)) / native;
}

/** One row of docs/model-scores.json as models:table writes it; a row without a mode is the reference mode's. */
export interface ModeScore {
  id: string;
  mode?: string;
  mIoU: number;
  pageMIoU?: number;
}

/** Reads docs/model-scores.json; throws naming what is missing. */
export function parseScores(json: unknown): ModeScore[] {
  const rows = (json as { scores?: unknown })?.scores;
  if (!Array.isArray(rows)) throw new Error("the scores file lists no scores");
  for (const r of rows as ModeScore[]) {
    if (typeof r?.id !== "string" || !Number.isFinite(r.mIoU) || !["string", "undefined"].includes(typeof r.mode)) {
      throw new Error(`a score lacks its model id or mIoU: ${JSON.stringify(r).slice(0, 120)}`);
    }
  }
  return rows as ModeScore[];
}

/** A model's score in the reference mode (stretch, once): the figure its plain label quotes. */
export function referenceScore(scores: readonly ModeScore[], id: string): ModeScore | undefined {
  const reference = modeKey(REFERENCE_MODE);
  return scores.find((s) => s.id === id && (s.mode === undefined || modeKey(parseMode(s.mode)) === reference));
}

/** The scores of the models the page offers, joined with the manifest; rows of other models are left out. */
export function configurations(models: readonly ModelInfo[], scores: readonly ModeScore[]): Configuration[] {
  return scores.flatMap((s) => {
    const model = models.find((m) => m.id === s.id);
    if (!model) return [];
    const mode = s.mode === undefined ? REFERENCE_MODE : parseMode(s.mode);
    return [
      { key: configurationKey(model.id, mode), model, mode, mIoU: s.pageMIoU ?? s.mIoU, madds: modeMadds(model, mode) },
    ];
  });
}

/** Keys of the configurations on the Pareto front of mIoU against the given cost. */
export function frontKeys(configs: readonly Configuration[], cost: (c: Configuration) => number): Set<string> {
  return new Set(paretoFront(configs, cost, (c) => c.mIoU).map((c) => c.key));
}
