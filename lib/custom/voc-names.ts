// Which of a model's class names are VOC's: the same names, spelt as TFLite metadata and other datasets spell them.
import { VOC_CLASSES } from "@/lib/voc/classes";

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

/** Why a model's masks cannot be scored on a VOC set, or undefined when they can. */
export function vocScoringProblem(labels: readonly string[]): string | undefined {
  if (scoresAsVoc(labels)) return undefined;
  const shown = labels.length > 6 ? `${labels.slice(0, 6).join(", ")}, …` : labels.join(", ");
  return (
    `its ${labels.length} classes (${shown}) are not VOC's ${VOC_CLASSES.length} in VOC's order, ` +
    `and scoring on a VOC set over the classes they share is not supported yet`
  );
}
