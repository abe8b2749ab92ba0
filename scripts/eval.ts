/**
 * npm run eval -- --model <id> | --model-file my.tflite [--labels labels.txt] --voc <dir> [--limit N] [--json out.json] [--csv out.csv] [--save-masks dir]
 *                 [--threads N] [--browser-file] [--runtime native|wasm] [--quiet]
 *                 [--fit stretch|pad|native] [--flip] [--scales 0.75,1,1.25] | [--mode pad+flip@0.75,1,1.25]
 *                 [--workers N] [--shard k/n]
 * Scores a model over a VOCdevkit-style folder with the evaluation core the page uses, mmsegmentation-style.
 * This file parses the flags; scripts/eval-run.ts runs the evaluation.
 */

import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseShard, type Shard } from "@/lib/eval";
import { reportToCsv } from "@/lib/metrics/report";
import { FITS, parseMode, parseScales, type Fit, type Mode } from "@/lib/pipeline/modes";
import { NODE_RUNTIMES, type NodeRuntime } from "@/lib/node/ort";
import { evaluate, printReport, UsageError } from "@/scripts/eval-run";

function parseOptions() {
  try {
    return parseArgs({
      options: {
        model: { type: "string" },
        "model-file": { type: "string" },
        labels: { type: "string" },
        voc: { type: "string" },
        limit: { type: "string" },
        json: { type: "string" },
        csv: { type: "string" },
        "save-masks": { type: "string" },
        threads: { type: "string" },
        quiet: { type: "boolean" },
        "browser-file": { type: "boolean" },
        runtime: { type: "string" },
        fit: { type: "string" },
        flip: { type: "boolean" },
        scales: { type: "string" },
        mode: { type: "string" },
        workers: { type: "string" },
        shard: { type: "string" },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** --mode <key>, or --fit/--flip/--scales; bad values are usage errors. */
function modeFromOptions(values: { fit?: string; flip?: boolean; scales?: string; mode?: string }): Mode {
  try {
    if (values.mode !== undefined) {
      if (values.fit !== undefined || values.flip || values.scales !== undefined)
        throw new Error("--mode already says the fit, flip and scales; give either --mode or --fit/--flip/--scales");
      return parseMode(values.mode);
    }
    const fit = (values.fit ?? "stretch") as Fit;
    if (!FITS.includes(fit)) throw new Error(`--fit must be ${FITS.join(", ")}, got "${values.fit}"`);
    return { fit, flip: values.flip ?? false, scales: values.scales === undefined ? [1] : parseScales(values.scales) };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main() {
  const values = parseOptions();
  if (!values.voc) throw new UsageError("--voc <dir> is required (a VOCdevkit-style folder)");
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new UsageError(`--limit must be a positive integer, got "${values.limit}"`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0))
    throw new UsageError(`--threads must be a whole number (0 = all cores), got "${values.threads}"`);
  const runtime = (values.runtime ?? "native") as NodeRuntime;
  if (!NODE_RUNTIMES.includes(runtime))
    throw new UsageError(`--runtime must be ${NODE_RUNTIMES.join(" or ")}, got "${values.runtime}"`);
  const mode = modeFromOptions(values);
  const workers = values.workers === undefined ? 1 : Number(values.workers);
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 256))
    throw new UsageError(`--workers must be a whole number from 1 to 256, got "${values.workers}"`);
  let shard: Shard | undefined;
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.model && values["model-file"]) throw new UsageError("give either --model or --model-file, not both");
  if (values.labels && !values["model-file"]) throw new UsageError("--labels goes with --model-file");
  const report = await evaluate({
    model: values.model,
    modelFile: values["model-file"],
    labels: values.labels,
    voc: values.voc,
    limit,
    threads,
    runtime,
    saveMasks: values["save-masks"],
    browserFile: values["browser-file"],
    mode,
    workers,
    shard,
    log: values.quiet ? undefined : (l) => console.log(l),
  });
  printReport(report);
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 1) + "\n");
  if (values.csv) writeFileSync(values.csv, reportToCsv(report));
  if (report.pairs === 0) throw new UsageError("no pair could be scored");
}

main().catch((error) => {
  console.error(`eval: ${(error as Error).message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
