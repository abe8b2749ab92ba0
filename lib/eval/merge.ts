import { addConfusion } from "@/lib/metrics/confusion";
import { Evaluation, type ImageResult, type Skipped } from "@/lib/metrics/evaluation";
import { buildReport, type EvalReport } from "@/lib/metrics/report";
import type { Shard } from "@/lib/eval/shard";

/** What `npm run eval` writes: the report, plus how the run was split. */
export type RunReport = EvalReport & {
  /** worker_threads sessions that scored the pairs. */
  workers?: number;
  shard?: Shard;
  /** Pairs in the whole set before sharding (scored, skipped or missing). */
  setPairs?: number;
};

export class MergeError extends Error {}

const isCount = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Checks the parts of a report JSON that a merge reads; hostile or foreign files get a message naming them. */
export function checkReport(value: unknown, name: string): RunReport {
  const fail = (what: string): never => {
    throw new MergeError(`${name}: ${what}`);
  };
  if (typeof value !== "object" || value === null) fail("not an eval report (expected a JSON object)");
  const r = value as Record<string, unknown>;
  const model = r.model as Record<string, unknown> | undefined;
  if (typeof model?.id !== "string") fail("not an eval report (no model.id)");
  const confusion = r.confusion;
  if (!Array.isArray(confusion) || confusion.length === 0) fail("has no confusion matrix");
  const n = (confusion as unknown[]).length;
  for (const row of confusion as unknown[]) {
    if (!Array.isArray(row) || row.length !== n) fail(`confusion matrix is not ${n}×${n}`);
    if (!(row as unknown[]).every(isCount)) fail("confusion matrix holds a value that is not a pixel count");
  }
  const isImage = (i: ImageResult) =>
    typeof i?.id === "string" &&
    typeof i.width === "number" &&
    typeof i.height === "number" &&
    typeof i.timings === "object" &&
    i.timings !== null;
  if (!Array.isArray(r.perImage) || !r.perImage.every(isImage)) fail("perImage is not a list of images");
  if (!Array.isArray(r.skipped) || !r.skipped.every((s) => typeof (s as Skipped)?.id === "string"))
    fail("skipped is not a list");
  if (r.shard !== undefined) {
    const s = r.shard as Shard;
    if (!(Number.isInteger(s?.count) && Number.isInteger(s?.index) && s.index >= 0 && s.index < s.count))
      fail("shard is not {index, count}");
  }
  return value as RunReport;
}

const modeKey = (r: RunReport) => r.mode?.key ?? "stretch";

/**
 * Sums the reports' confusion matrices exactly (integer pixel counts) and rebuilds every derived figure from the sum.
 * Reports must score the same model in the same mode, with no image twice; sharded reports must be all n shards.
 */
export function mergeReports(reports: readonly { name: string; report: RunReport }[]): RunReport {
  if (reports.length === 0) throw new MergeError("give at least one report");
  const [first] = reports;
  const n = first.report.confusion.length;
  for (const { name, report } of reports.slice(1)) {
    if (report.model.id !== first.report.model.id)
      throw new MergeError(`${name} scores ${report.model.id} but ${first.name} scores ${first.report.model.id}`);
    if (modeKey(report) !== modeKey(first.report))
      throw new MergeError(`${name} ran mode ${modeKey(report)} but ${first.name} ran ${modeKey(first.report)}`);
    if (report.confusion.length !== n)
      throw new MergeError(`${name} has ${report.confusion.length} classes but ${first.name} has ${n}`);
  }
  const shards = reports.filter((r) => r.report.shard);
  if (shards.length) {
    const count = shards[0].report.shard!.count;
    const seen = new Map<number, string>();
    for (const { name, report } of reports) {
      const s = report.shard;
      if (!s || s.count !== count) throw new MergeError(`${name} is not one of ${count} shards`);
      if (seen.has(s.index))
        throw new MergeError(`${name} and ${seen.get(s.index)} are both shard ${s.index}/${count}`);
      seen.set(s.index, name);
    }
    const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !seen.has(k));
    if (missing.length) throw new MergeError(`shard ${missing.map((k) => `${k}/${count}`).join(", ")} missing`);
  }
  const evaluation = new Evaluation();
  if (evaluation.total.n !== n) throw new MergeError(`${first.name} has ${n} classes, not ${evaluation.total.n}`);
  const owner = new Map<string, string>();
  for (const { name, report } of reports) {
    for (const id of [...report.perImage.map((i) => i.id), ...report.skipped.map((s) => s.id)]) {
      if (owner.has(id)) throw new MergeError(`${id} is in both ${owner.get(id)} and ${name}`);
      owner.set(id, name);
    }
    addConfusion(evaluation.total, { n, counts: Float64Array.from(report.confusion.flat()) });
    evaluation.images.push(...report.perImage);
    evaluation.skipped.push(...report.skipped);
  }
  if (!evaluation.total.counts.every(Number.isSafeInteger))
    throw new MergeError("the summed confusion matrix exceeds exact integer range");
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  evaluation.images.sort(byId);
  evaluation.skipped.sort(byId);
  const { workers, setPairs } = first.report;
  const report: RunReport = buildReport(evaluation, {
    app: first.report.app,
    version: first.report.version,
    model: first.report.model,
    backend: first.report.backend,
    threads: first.report.threads,
    mode: first.report.mode,
    // Shards run side by side: the merged run took as long as its slowest part.
    seconds: Math.max(...reports.map((r) => r.report.seconds ?? 0)),
  });
  return { ...report, ...(workers ? { workers } : {}), ...(setPairs !== undefined ? { setPairs } : {}) };
}
