// Which of a model's class names are VOC's: the same names, spelt as TFLite metadata and other datasets spell them.
import type { ClassMap } from "@/lib/metrics/class-map";
import { accumulate, createConfusion } from "@/lib/metrics/confusion";
import { deriveMetrics, type Metrics } from "@/lib/metrics/derive";
import { VOC_CLASSES } from "@/lib/voc/classes";

const BACKGROUND = 0;

const ALIASES: Record<string, string> = {
  airplane: "aeroplane",
  plane: "aeroplane",
  motorcycle: "motorbike",
  couch: "sofa",
  tv: "tvmonitor",
  monitor: "tvmonitor",
  diningtable: "diningtable",
  table: "diningtable",
  pottedplant: "pottedplant",
};

const simple = (name: string) => name.toLowerCase().replace(/[^a-z]/g, "");

/** The VOC class index a model's class name means, or -1. */
export function vocIndexOf(name: string): number {
  const key = simple(name);
  return VOC_CLASSES.indexOf((ALIASES[key] ?? key) as (typeof VOC_CLASSES)[number]);
}

/** True when the model's classes are VOC's, in VOC's order, so its masks score on a VOC set as they are. */
export const scoresAsVoc = (labels: readonly string[]) =>
  labels.length === VOC_CLASSES.length && labels.every((l, k) => vocIndexOf(l) === k);

export interface VocSharing {
  classMap: ClassMap;
  /** The VOC classes both have: the only ones scored. */
  scored: number[];
  names: string[];
  /** A model with every VOC class and more: its other classes, scored as background (VOC's "none of the 20"). */
  asBackground?: string[];
}

const listed = (names: readonly string[]) =>
  names.length > 6 ? `${names.slice(0, 6).join(", ")}, …` : names.join(", ");

/**
 * How a model's masks score on a VOC set: as they are (`{}`), over the classes both share (`sharing`: ground truth
 * of other VOC classes ignored, the model's other classes counted as misses; or, for a model with every VOC class
 * and more, its other classes scored as background, which in VOC is everything outside its 20 object classes),
 * or not at all (`problem`).
 */
export function vocSharing(labels: readonly string[]): { sharing?: VocSharing; problem?: string } {
  if (scoresAsVoc(labels)) return {};
  const toVoc = labels.map(vocIndexOf);
  const scored = [...new Set(toVoc.filter((k) => k >= 0))].sort((a, b) => a - b);
  if (!scored.length) return { problem: `none of its ${labels.length} classes (${listed(labels)}) is a VOC class` };
  const others = labels.filter((_, k) => toVoc[k] < 0);
  // The misses go to a VOC class the model lacks: its ground truth is ignored, so it holds only them.
  const lacking = VOC_CLASSES.findIndex((_, k) => !scored.includes(k));
  const bin = lacking < 0 ? BACKGROUND : lacking;
  const truth = new Uint8Array(256).fill(255);
  for (const k of scored) truth[k] = k;
  const prediction = Uint8Array.from(toVoc, (k) => (k >= 0 ? k : bin));
  const names = scored.map((k) => VOC_CLASSES[k]);
  return {
    sharing: { classMap: { prediction, truth }, scored, names, ...(lacking < 0 ? { asBackground: others } : {}) },
  };
}

/** The line that says which classes a run scored. */
export const sharedNote = (model: string, sharing: VocSharing) =>
  sharing.asBackground
    ? `${model} has all of VOC's ${VOC_CLASSES.length} classes and ${sharing.asBackground.length} more ` +
      `(${listed(sharing.asBackground)}), scored as background, as VOC labels everything outside its 20 object classes.`
    : `${model} shares ${sharing.scored.length} of VOC's ${VOC_CLASSES.length} classes; scored over those only: ${sharing.names.join(", ")}.`;

/** One image's metrics against a VOC mask, over the classes the model shares with VOC (all, for a VOC model). */
export function vocMetrics(gt: Uint8Array, pred: Uint8Array, labels?: readonly string[]): Metrics {
  const { sharing, problem } = labels ? vocSharing(labels) : {};
  if (problem) throw new Error(`The model cannot be scored against a VOC mask: ${problem}.`);
  const map = sharing?.classMap;
  const confusion = createConfusion();
  accumulate(confusion, map ? gt.map((v) => map.truth[v]) : gt, map ? pred.map((v) => map.prediction[v]) : pred);
  return deriveMetrics(confusion, sharing?.scored);
}
