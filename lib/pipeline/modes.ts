/**
 * Accuracy modes: how an image is fitted to the model's input, whether its mirror image is averaged in,
 * and at which scales it runs. REFERENCE_MODE is the stretch-to-square pipeline of the TFLite demos.
 */

/** stretch: squash to S×S; pad: long side to S, rest filled with grey; native: long side to S, no padding. */
export type Fit = "stretch" | "pad" | "native";

export interface Mode {
  fit: Fit;
  /** Average the logits of the image and of its horizontal mirror. */
  flip: boolean;
  /** Input sides relative to the model's input size; [1] runs once at that size. */
  scales: number[];
}

export const FITS: readonly Fit[] = ["stretch", "pad", "native"];
export const REFERENCE_MODE: Mode = Object.freeze({
  fit: "stretch",
  flip: false,
  scales: Object.freeze([1]) as number[],
});

export const MIN_SCALE = 0.25;
export const MAX_SCALE = 2;
export const MAX_SCALES = 6;

const FIT_WORDS: Record<Fit, string> = { stretch: "stretch to square", pad: "pad to square", native: "native aspect" };

export class ModeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModeError";
  }
}

/** Checks a mode and returns it with its scales sorted; throws a ModeError saying what is wrong. */
export function checkMode(mode: Mode): Mode {
  if (!FITS.includes(mode.fit))
    throw new ModeError(`fit must be ${FITS.join(", ")} or ${FITS.at(-1)}, got "${mode.fit}"`);
  if (typeof mode.flip !== "boolean") throw new ModeError(`flip must be true or false, got ${String(mode.flip)}`);
  if (!Array.isArray(mode.scales) || mode.scales.length === 0) throw new ModeError("scales must list at least one");
  if (mode.scales.length > MAX_SCALES) throw new ModeError(`at most ${MAX_SCALES} scales, got ${mode.scales.length}`);
  for (const s of mode.scales) {
    if (typeof s !== "number" || !(s >= MIN_SCALE && s <= MAX_SCALE)) {
      throw new ModeError(`each scale must be a number from ${MIN_SCALE} to ${MAX_SCALE}, got ${String(s)}`);
    }
  }
  const scales = [...mode.scales].sort((a, b) => a - b);
  if (scales.some((s, i) => i > 0 && s === scales[i - 1]))
    throw new ModeError(`scales repeat: ${mode.scales.join(",")}`);
  return { fit: mode.fit, flip: mode.flip, scales };
}

const once = (scales: number[]) => scales.length === 1 && scales[0] === 1;

/** Compact and parseable: "stretch" (the reference), "pad+flip", "pad+flip@0.75,1,1.25". */
export function modeKey(mode: Mode): string {
  const { fit, flip, scales } = checkMode(mode);
  return `${fit}${flip ? "+flip" : ""}${once(scales) ? "" : `@${scales.join(",")}`}`;
}

export function parseMode(key: string): Mode {
  const match = /^(\w+)(\+flip)?(?:@(.*))?$/.exec(key.trim());
  if (!match)
    throw new ModeError(`mode "${key}" does not read as <fit>[+flip][@scale,scale,…], e.g. "pad+flip@0.75,1,1.25"`);
  const [, fit, flip, list] = match;
  if (!FITS.includes(fit as Fit)) throw new ModeError(`mode "${key}": fit must be ${FITS.join(", ")}, got "${fit}"`);
  return checkMode({ fit: fit as Fit, flip: Boolean(flip), scales: list === undefined ? [1] : parseScales(list) });
}

/** "0.75,1,1.25" → [0.75, 1, 1.25]; throws a ModeError on anything else. */
export function parseScales(list: string): number[] {
  const parts = list.split(",").map((p) => p.trim());
  const scales = parts.map(Number);
  const bad = parts.find((p, i) => p === "" || !Number.isFinite(scales[i]));
  if (bad !== undefined) throw new ModeError(`scales must be numbers separated by commas, got "${list}"`);
  return checkMode({ fit: "stretch", flip: false, scales }).scales;
}

/** For people: "pad to square + flip, scales 0.75/1/1.25". */
export function describeMode(mode: Mode): string {
  const { fit, flip, scales } = checkMode(mode);
  const scaleWords = once(scales) ? "" : `, ${scales.length === 1 ? "scale" : "scales"} ${scales.join("/")}`;
  return `${FIT_WORDS[fit]}${flip ? " + flip" : ""}${scaleWords}`;
}

export function inferencesPerImage(mode: Mode): number {
  return mode.scales.length * (mode.flip ? 2 : 1);
}

/** Native fit and scales other than 1 feed inputs of other sizes than the model's own. */
export function needsFlexibleModel(mode: Mode): boolean {
  return mode.fit === "native" || !once(mode.scales);
}

/** Why a model cannot run a mode, or undefined when it can. */
export function modeProblem(
  mode: Mode,
  model: { id: string; inputSize: number; flexible?: boolean },
): string | undefined {
  if (!needsFlexibleModel(mode) || model.flexible) return undefined;
  return (
    `model "${model.id}" takes only ${model.inputSize}×${model.inputSize} inputs, so it cannot run ` +
    `"${modeKey(mode)}": native fit and scales other than 1 need a resolution-flexible model`
  );
}
