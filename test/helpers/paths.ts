import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The data beside the project (models, VOC sample): $SHARED_DIR, else ../shared. */
export const SHARED = process.env.SHARED_DIR ?? `${ROOT}../shared`;
export const SHARED_MODELS = `${SHARED}/models`;
/** A VOCdevkit-style folder: $VOC_DIR, else the shared VOC sample. */
export const VOC = process.env.VOC_DIR ?? `${SHARED}/voc-sample`;

const NEEDS = {
  models: { path: `${SHARED_MODELS}/deeplabv3_257_mv_gpu.tflite`, what: "the TFLite models (set SHARED_DIR)" },
  voc: { path: `${VOC}/ImageSets/Segmentation/val.txt`, what: "the VOC sample (set VOC_DIR or SHARED_DIR)" },
};

/**
 * For suites that read shared data: false when it is there; when it is missing, throws naming it, so
 * the suite fails. SKIP_MISSING_SHARED=1 skips such suites instead, for local runs only: CI never sets it.
 */
export function missingShared(need: keyof typeof NEEDS): boolean {
  const { path, what } = NEEDS[need];
  if (process.env.TEST_TIER === "unit")
    throw new Error(`A unit test asked for ${what}: shared data belongs in a *.data.test.ts file`);
  if (existsSync(path)) return false;
  if (process.env.SKIP_MISSING_SHARED === "1") return true;
  throw new Error(`Missing shared test data: ${what}; ${path} does not exist`);
}

export function vocIds(limit = Infinity): string[] {
  return readFileSync(`${VOC}/ImageSets/Segmentation/val.txt`, "utf8").split(/\r?\n/).filter(Boolean).slice(0, limit);
}
