/**
 * npm run eval:merge -- a.json b.json … [--json merged.json] [--csv merged.csv]
 * Sums the confusion matrices of `npm run eval --json` reports (the shards of one run, or disjoint runs of one
 * model and mode) exactly and prints the merged report, every figure derived again from the sum.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { checkReport, mergeReports, MergeError } from "@/lib/eval";
import { reportToCsv } from "@/lib/metrics/report";
import { printReport } from "@/scripts/eval-run";

function main() {
  const { values, positionals } = parseArgs({
    options: { json: { type: "string" }, csv: { type: "string" } },
    allowPositionals: true,
  });
  if (!positionals.length) throw new MergeError("give the report JSON files to merge (npm run eval -- --json …)");
  const reports = positionals.map((name) => {
    let text: string;
    try {
      text = readFileSync(name, "utf8");
    } catch (error) {
      throw new MergeError(`cannot read ${name}: ${(error as Error).message}`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new MergeError(`${name} is not JSON`);
    }
    return { name, report: checkReport(value, name) };
  });
  const merged = mergeReports(reports);
  printReport(merged);
  console.log(`merged ${reports.length} reports: ${merged.pairs} pairs, ${merged.skipped.length} skipped`);
  if (values.json) writeFileSync(values.json, JSON.stringify(merged, null, 1) + "\n");
  if (values.csv) writeFileSync(values.csv, reportToCsv(merged));
}

try {
  main();
} catch (error) {
  console.error(`eval:merge: ${(error as Error).message}`);
  process.exit(error instanceof MergeError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1);
}
