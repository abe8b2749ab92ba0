import { VOC_CLASSES } from "@/lib/voc/classes";
import type { Evaluation, ImageResult, Skipped } from "@/lib/metrics/evaluation";

export interface ReportMeta {
  app: string;
  version: string;
  model: { id: string; name: string; inputSize: number; precision: string };
  backend: string;
  threads: number;
  /** The accuracy mode the run used (lib/pipeline/modes); absent means the reference, stretch once. */
  mode?: { key: string; description: string; inferencesPerImage: number };
  /** Wall-clock seconds for the whole run. */
  seconds: number;
}

export interface EvalReport extends ReportMeta {
  pairs: number;
  skipped: Skipped[];
  /** Percentages. */
  mIoU: number;
  mAcc: number;
  aAcc: number;
  perClass: { class: string; iou: number | null; acc: number | null; gtPixels: number; predPixels: number }[];
  perImage: ImageResult[];
  /** Rows = ground truth, columns = prediction, pixel counts. */
  confusion: number[][];
  /** Median milliseconds per stage over the scored images. */
  medianMs: Record<string, number>;
}

const pct = (v: number) => (Number.isNaN(v) ? null : Math.round(v * 1e6) / 1e4);

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function buildReport(evaluation: Evaluation, meta: ReportMeta): EvalReport {
  const m = evaluation.metrics();
  const n = evaluation.total.n;
  const stages = [...new Set(evaluation.images.flatMap((i) => Object.keys(i.timings)))];
  return {
    ...meta,
    pairs: evaluation.images.length,
    skipped: evaluation.skipped,
    mIoU: pct(m.mIoU) ?? NaN,
    mAcc: pct(m.mAcc) ?? NaN,
    aAcc: pct(m.aAcc) ?? NaN,
    perClass: VOC_CLASSES.slice(0, n).map((name, k) => ({
      class: name,
      iou: pct(m.iou[k]),
      acc: pct(m.acc[k]),
      gtPixels: m.gtPixels[k],
      predPixels: m.predPixels[k],
    })),
    perImage: evaluation.images,
    confusion: Array.from({ length: n }, (_, g) => Array.from(evaluation.total.counts.subarray(g * n, (g + 1) * n))),
    medianMs: Object.fromEntries(
      stages.map((s) => [s, median(evaluation.images.map((i) => i.timings[s] ?? NaN).filter((v) => !Number.isNaN(v)))]),
    ),
  };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvRows = (rows: unknown[][]) => rows.map((r) => r.map(csvCell).join(",")).join("\n");

/** One CSV file with blank-line-separated sections: summary, per class, per image, confusion matrix. */
export function reportToCsv(r: EvalReport): string {
  const names = r.perClass.map((c) => c.class);
  return (
    [
      csvRows([
        ["key", "value"],
        ["app", r.app],
        ["version", r.version],
        ["model", r.model.id],
        ...(r.mode
          ? [
              ["mode", r.mode.key],
              ["inferences_per_image", r.mode.inferencesPerImage],
            ]
          : []),
        ["backend", r.backend],
        ["threads", r.threads],
        ["pairs", r.pairs],
        ["skipped", r.skipped.length],
        ["mIoU", r.mIoU],
        ["mAcc", r.mAcc],
        ["aAcc", r.aAcc],
        ["seconds", r.seconds],
        ...Object.entries(r.medianMs).map(([k, v]) => [`median_${k}_ms`, v]),
      ]),
      csvRows([
        ["class", "iou", "acc", "gt_pixels", "pred_pixels"],
        ...r.perClass.map((c) => [c.class, c.iou, c.acc, c.gtPixels, c.predPixels]),
      ]),
      csvRows([
        ["image", "width", "height", "miou", "aacc"],
        ...r.perImage.map((i) => [i.id, i.width, i.height, pct(i.mIoU), pct(i.aAcc)]),
      ]),
      csvRows([["gt\\pred", ...names], ...r.confusion.map((row, g) => [names[g], ...row])]),
    ].join("\n\n") + "\n"
  );
}
