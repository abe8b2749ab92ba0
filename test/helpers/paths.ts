import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SHARED_MODELS = process.env.MODELS_DIR ?? `${ROOT}../shared/models`;
export const VOC = process.env.VOC_DIR ?? `${ROOT}../shared/voc-sample`;
export const hasVoc = existsSync(`${VOC}/ImageSets/Segmentation/val.txt`);

export function vocIds(limit = Infinity): string[] {
  return readFileSync(`${VOC}/ImageSets/Segmentation/val.txt`, "utf8").split(/\r?\n/).filter(Boolean).slice(0, limit);
}
