import type { ModelInfo } from "@/lib/models/manifest";
import { modeKey, modeProblem, parseMode, REFERENCE_MODE, type Mode } from "@/lib/pipeline/modes";

/** The Segment page's accuracy levels; each names a mode per model. */
export type Quality = "reference" | "fast" | "accurate" | "best";

export const QUALITIES: readonly { id: Quality; label: string }[] = [
  { id: "reference", label: "Reference" },
  { id: "fast", label: "Fast" },
  { id: "accurate", label: "Accurate" },
  { id: "best", label: "Best" },
];

/** Accurate: the whole image, its aspect ratio kept, padded to the model's square input, run once. */
export const ACCURATE_MODE: Mode = Object.freeze({ fit: "pad", flip: false, scales: Object.freeze([1]) as number[] });

/**
 * Reference: the TFLite demos' stretch to square; Fast: the model's fastest mode; Accurate: pad; Best: its
 * best-scoring mode. Fast and Best come from the manifest (npm run models:table), else they are the reference.
 */
export function qualityMode(model: ModelInfo, quality: Quality): Mode {
  if (quality === "accurate") return ACCURATE_MODE;
  const key = quality === "fast" ? model.modes?.fastest : quality === "best" ? model.modes?.best : undefined;
  return key ? parseMode(key) : REFERENCE_MODE;
}

/** The first quality whose mode this is for the model, if any. */
export function qualityOf(model: ModelInfo, mode: Mode): Quality | undefined {
  const key = modeKey(mode);
  return QUALITIES.find((q) => modeKey(qualityMode(model, q.id)) === key)?.id;
}

/**
 * How the quality setting holds a mode applied for a model: as the quality that gives it, else as the mode
 * itself; a mode the model cannot run (or none) leaves the quality as it was.
 */
export function qualityChoice(
  model: ModelInfo,
  mode: Mode | undefined,
  quality: Quality,
): { quality: Quality; customMode?: Mode } {
  if (!mode || modeProblem(mode, model)) return { quality, customMode: undefined };
  const same = qualityOf(model, mode);
  return same ? { quality: same, customMode: undefined } : { quality, customMode: mode };
}
