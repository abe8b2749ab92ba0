import type { ModelInfo } from "@/lib/models/manifest";

/** A model's speed in a word, from its multiply-adds per 257/513 px input. */
export function speedWord(model: ModelInfo): string {
  if (model.madds < 1e9) return "Fast";
  if (model.madds < 4e9) return "Balanced";
  return "Thorough";
}

/**
 * What a model trades, in plain words: "Fast · 257 px · 61.6 mIoU · 2.7 MB", with its time in this browser
 * once it has run here. A user's own model leads with its name: "my.tflite (your own) · 513 px · 2.7 MB".
 */
export function plainModelLabel(model: ModelInfo, bytes: number, mIoU?: number, ms?: number): string {
  const parts = [model.custom ? model.name : speedWord(model), `${model.inputSize} px`];
  if (mIoU !== undefined && Number.isFinite(mIoU)) parts.push(`${mIoU.toFixed(1)} mIoU`);
  parts.push(`${(bytes / 1e6).toFixed(1)} MB`);
  if (ms !== undefined && Number.isFinite(ms)) parts.push(`${Math.round(ms)} ms here`);
  return parts.join(" · ");
}
