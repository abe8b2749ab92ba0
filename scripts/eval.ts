/**
 * npm run eval -- --model <id> --voc <dir> [--limit N] [--json out.json] [--save-masks dir] [--threads N] [--browser-file]
 * Scores a model over a VOCdevkit-style folder on onnxruntime-node, mmsegmentation-style.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Evaluation } from "@/lib/metrics/evaluation";
import { buildReport, reportToCsv, type EvalReport } from "@/lib/metrics/report";
import { DEFAULT_MODEL } from "@/lib/models/catalog";
import { findModel, pageFile, parseManifest } from "@/lib/models/manifest";
import { segment } from "@/lib/pipeline/segment";
import { pairByName, parseIdList } from "@/lib/voc/dataset";
import { checkSameSize, decodeLabelPng, encodeLabelPng } from "@/lib/voc/label-png";
import { buildModels, MODELS_OUT } from "@/scripts/build-models";
import { decodeImage } from "@/scripts/node/decode";
import { openNodeSession } from "@/scripts/node/ort";

class UsageError extends Error {}

/** The folder holding JPEGImages/ and SegmentationClass/: the given one or VOCdevkit/VOC2012 below it. */
function findVocRoot(dir: string): string {
  for (const candidate of [dir, join(dir, "VOC2012"), join(dir, "VOCdevkit/VOC2012")]) {
    if (existsSync(join(candidate, "JPEGImages")) && existsSync(join(candidate, "SegmentationClass"))) return candidate;
  }
  if (!existsSync(dir)) throw new UsageError(`VOC folder not found: ${dir}`);
  throw new UsageError(
    `${dir} has no JPEGImages/ and SegmentationClass/ (nor VOC2012/ or VOCdevkit/VOC2012/ with them)`,
  );
}

export interface EvalOptions {
  model?: string;
  voc: string;
  limit?: number;
  threads?: number;
  saveMasks?: string;
  /** Score the file the page loads (a QDQ model's float twin) instead of the model's own file. */
  browserFile?: boolean;
  log?: (line: string) => void;
}

export async function evaluate(options: EvalOptions): Promise<EvalReport> {
  const log = options.log ?? (() => {});
  const root = findVocRoot(resolve(options.voc));
  const model = findModel(parseManifest(await buildModels()), options.model ?? DEFAULT_MODEL);

  const listFile = join(root, "ImageSets/Segmentation/val.txt");
  const ids = existsSync(listFile) ? parseIdList(readFileSync(listFile, "utf8")) : undefined;
  const pairing = pairByName(
    readdirSync(join(root, "JPEGImages")),
    readdirSync(join(root, "SegmentationClass")),
    (f) => f,
    ids,
  );
  const pairs = pairing.pairs.slice(0, options.limit ?? Infinity);
  log(
    `${root}: ${pairing.pairs.length} pairs${ids ? " from val.txt" : ""}` +
      (pairing.missingFromList.length ? `, ${pairing.missingFromList.length} listed ids without image or mask` : "") +
      (pairing.imagesWithoutMask.length ? `, ${pairing.imagesWithoutMask.length} images without mask` : "") +
      (pairing.masksWithoutImage.length ? `, ${pairing.masksWithoutImage.length} masks without image` : ""),
  );
  if (!pairs.length) throw new UsageError(`no image/mask pairs found in ${root}`);
  for (const id of pairing.missingFromList) log(`skip ${id}: listed in val.txt but its image or mask is missing`);

  const threads = options.threads ?? 0;
  const file = options.browserFile ? pageFile(model).file : model.file;
  const session = await openNodeSession(join(MODELS_OUT, file), threads);
  if (options.saveMasks) mkdirSync(options.saveMasks, { recursive: true });
  const evaluation = new Evaluation();
  for (const id of pairing.missingFromList) evaluation.skip(id, "listed in val.txt but its image or mask is missing");
  const started = performance.now();
  for (const [i, pair] of pairs.entries()) {
    try {
      const t0 = performance.now();
      const image = await decodeImage(join(root, "JPEGImages", pair.image));
      const decode = performance.now() - t0;
      const gt = decodeLabelPng(new Uint8Array(readFileSync(join(root, "SegmentationClass", pair.mask))));
      checkSameSize(gt, image.width, image.height);
      const result = await segment(image, model.inputSize, session.infer);
      const scored = evaluation.add(pair.id, image.width, image.height, gt.labels, result.labels, {
        decode,
        ...result.timings,
      });
      if (options.saveMasks) {
        writeFileSync(
          join(options.saveMasks, `${pair.id}.png`),
          encodeLabelPng({ width: image.width, height: image.height, labels: result.labels }),
        );
      }
      log(
        `[${i + 1}/${pairs.length}] ${pair.id} mIoU ${(100 * scored.mIoU).toFixed(2)} (${result.timings.inference.toFixed(0)} ms)`,
      );
    } catch (error) {
      const reason = (error as Error).message;
      evaluation.skip(pair.id, reason);
      log(`[${i + 1}/${pairs.length}] skip ${pair.id}: ${reason}`);
    }
  }
  await session.release();
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return buildReport(evaluation, {
    app: pkg.name,
    version: pkg.version,
    model: { id: model.id, name: model.name, inputSize: model.inputSize, precision: model.precision },
    backend: `onnxruntime-node cpu${file === model.file ? "" : ` (${file})`}`,
    threads,
    seconds: (performance.now() - started) / 1000,
  });
}

function printReport(r: EvalReport) {
  const fmt = (v: number | null) => (v === null ? "    –" : v.toFixed(2).padStart(6));
  console.log(`\n${"class".padEnd(13)}   IoU    Acc`);
  for (const c of r.perClass) console.log(`${c.class.padEnd(13)} ${fmt(c.iou)} ${fmt(c.acc)}`);
  console.log(
    `\n${r.model.id}: mIoU ${r.mIoU.toFixed(2)}  mAcc ${r.mAcc.toFixed(2)}  aAcc ${r.aAcc.toFixed(2)}  ` +
      `over ${r.pairs} pairs, ${r.skipped.length} skipped, ${r.seconds.toFixed(1)} s`,
  );
  console.log(
    `median ms: ${Object.entries(r.medianMs)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(", ")}`,
  );
  for (const s of r.skipped) console.log(`skipped ${s.id}: ${s.reason}`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      model: { type: "string" },
      voc: { type: "string" },
      limit: { type: "string" },
      json: { type: "string" },
      csv: { type: "string" },
      "save-masks": { type: "string" },
      threads: { type: "string" },
      quiet: { type: "boolean" },
      "browser-file": { type: "boolean" },
    },
  });
  if (!values.voc) throw new UsageError("--voc <dir> is required (a VOCdevkit-style folder)");
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new UsageError(`--limit must be a positive integer, got "${values.limit}"`);
  const report = await evaluate({
    model: values.model,
    voc: values.voc,
    limit,
    threads: values.threads ? Number(values.threads) : undefined,
    saveMasks: values["save-masks"],
    browserFile: values["browser-file"],
    log: values.quiet ? undefined : (l) => console.log(l),
  });
  printReport(report);
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 1) + "\n");
  if (values.csv) writeFileSync(values.csv, reportToCsv(report));
  if (report.pairs === 0) throw new UsageError("no pair could be scored");
}

if (process.argv[1] && resolve(process.argv[1]).endsWith("eval.ts")) {
  main().catch((error) => {
    console.error(`eval: ${(error as Error).message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
