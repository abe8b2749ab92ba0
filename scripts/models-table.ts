/**
 * npm run models:table: scores every manifest model in each accuracy mode on the VOC sample with the CLI
 * evaluator, and rewrites docs/model-scores.json and the models tables in docs/models.md from the results.
 * Usage: npm run models:table -- [--voc dir] [--limit N] [--models id,id] [--force] [--render]
 * Scores come from full evaluate() runs; the ms per image of each mode from a separate pass that runs a model's
 * modes in turn on the same images, so that the load of a shared machine weighs on every mode alike.
 * A row already in docs/model-scores.json is kept when its model file, mode, pairs and scoring code are the
 * same (--force scores everything again). Rows are saved to .cache/models-table.json as they come, so a stopped
 * run resumes; docs/model-scores.json, which the /models page reads, is written once, at the end.
 * --render only renders the tables in docs/models.md again from docs/model-scores.json.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { median } from "@/lib/metrics/report";
import { findModel, parseManifest, type Manifest, type ModelInfo } from "@/lib/models/manifest";
import { scaledSide } from "@/lib/pipeline/geometry";
import { describeMode, inferencesPerImage, modeProblem, parseMode } from "@/lib/pipeline/modes";
import { segment } from "@/lib/pipeline/segment";
import { setFromFolder } from "@/lib/voc/voc-set";
import { buildModels, MODELS_OUT } from "@/scripts/build-models";
import { evaluate } from "@/scripts/eval-run";
import { decodeImage } from "@/lib/node/decode";
import { listFolder } from "@/lib/node/folder";
import { openNodeSession } from "@/lib/node/ort";
import { REGIONS, writeRegion } from "@/scripts/doc-regions";

const root = resolve(import.meta.dirname ?? ".", "..");
const SCORES = resolve(root, "docs/model-scores.json");
const PROGRESS = resolve(root, ".cache/models-table.json");
const THREADS = 2;

/** The modes tried on every model; resolution-flexible models also try scales and the native fit. */
export const TABLE_MODES = ["stretch", "stretch+flip", "pad", "pad+flip", "pad+flip@0.75,1,1.25", "native"];

/** Modes whose median time is within this fraction of the quickest count as equally fast. */
const SAME_SPEED = 0.1;
/** Images the timing pass runs each mode on, every mode once per image, in a rotating order. */
const TIMED_IMAGES = 24;

export interface ModeScore {
  id: string;
  /** The accuracy mode's key (lib/pipeline/modes). */
  mode: string;
  mIoU: number;
  mAcc: number;
  aAcc: number;
  pairs: number;
  inferencesPerImage: number;
  /** Median over the images of the time in inference (every run of the mode), onnxruntime-node, 2 threads. */
  medianInferenceMs: number;
  /** Median ms from the decoded image to the class map (segment()), over the timing pass's images. */
  medianMs: number;
  /** mIoU of the file the page loads, where that is a float twin rather than the model's own file. */
  pageMIoU?: number;
  /** The model file and number of images the timing pass ran. */
  timedSha256?: string;
  timedImages?: number;
  /** The CPU the timing pass ran on (`thisCpu()`); rows timed before this was recorded fall back to the file's. */
  timedOn?: string;
  /** What the row was computed from: the model file's sha256 (and its twin's) and the scoring code's hash. */
  sha256: string;
  pageSha256?: string;
  code: string;
  /** The --limit the row was scored with, if any. */
  limit?: number;
}

/** Per model: the mode that scores best and the fastest one (the most accurate of those within 10% of the quickest). */
export interface ModelModes {
  id: string;
  best: string;
  fastest: string;
}

export interface ScoresFile {
  voc: string;
  /** The CPU of rows timed before each row recorded its own (`timedOn`). */
  timedOn?: string;
  scores: ModeScore[];
  models: ModelModes[];
}

/** Hash of the code that turns a decoded image and a model's logits into scores. */
function codeHash(): string {
  const hash = createHash("sha256");
  const pipeline = readdirSync(join(root, "lib/pipeline")).filter((name) => name.endsWith(".ts"));
  const files = [
    ...pipeline.sort().map((name) => `lib/pipeline/${name}`),
    "lib/metrics/confusion.ts",
    "lib/metrics/derive.ts",
    "lib/node/decode.ts",
  ];
  for (const file of files) hash.update(file).update(readFileSync(join(root, file)));
  return hash.digest("hex").slice(0, 16);
}

/** The sha256 of a model's file (or its twin's) in the manifest as it is now, after evaluate() built it. */
function builtSha256(id: string, twin = false): string {
  const model = findModel(parseManifest(JSON.parse(readFileSync(join(MODELS_OUT, "manifest.json"), "utf8"))), id);
  return twin ? model.browser!.sha256 : model.sha256;
}

/** The paper's resolution multiplier, one run at another side: 257 px models at 193/225/289/321, 513 px at 385/449. */
export const RESOLUTION_MODES: Record<number, string[]> = {
  257: ["stretch@0.75", "stretch@0.875", "stretch@1.125", "stretch@1.25"],
  513: ["pad@0.75", "pad@0.875"],
};

export function modesFor(model: ModelInfo): string[] {
  const keys = [...TABLE_MODES, ...(RESOLUTION_MODES[model.inputSize] ?? [])];
  return keys.filter((key) => !modeProblem(parseMode(key), model));
}

/** The best mode, and the fastest: the most accurate of the modes within SAME_SPEED of the quickest. */
export function pickModes(id: string, rows: readonly ModeScore[]): ModelModes {
  const own = rows.filter((r) => r.id === id);
  if (!own.length) throw new Error(`no scores for model "${id}"`);
  const best = own.reduce((a, b) => (b.mIoU > a.mIoU ? b : a));
  const quickest = Math.min(...own.map((r) => r.medianMs));
  const fastest = own
    .filter((r) => r.medianMs <= quickest * (1 + SAME_SPEED))
    .reduce((a, b) => (b.mIoU > a.mIoU ? b : a));
  return { id, best: best.mode, fastest: fastest.mode };
}

/** Rows of an earlier run, or none where the file is missing or of an older format. */
function readScores(path: string): ModeScore[] {
  if (!existsSync(path)) return [];
  const file = JSON.parse(readFileSync(path, "utf8")) as Partial<ScoresFile>;
  const rows = Array.isArray(file.scores) ? file.scores : [];
  if (!rows.every((r) => typeof r.mode === "string" && typeof r.code === "string")) return [];
  // Rows timed before each row recorded its CPU take the file's, so they keep it in the file written next.
  return rows.map((r) => (r.timedOn || !file.timedOn ? r : { ...r, timedOn: file.timedOn }));
}

async function main() {
  const { values } = parseArgs({
    options: {
      voc: { type: "string" },
      limit: { type: "string" },
      models: { type: "string" },
      force: { type: "boolean" },
      render: { type: "boolean" },
    },
  });
  const voc = values.voc ?? resolve(root, "../shared/voc-sample");
  const limit = values.limit ? Number(values.limit) : undefined;
  const manifest = await buildModels();
  const wanted = values.models?.split(",");
  const unknown = wanted?.filter((id) => !manifest.models.some((m) => m.id === id));
  if (unknown?.length) throw new Error(`unknown models: ${unknown.join(", ")}`);
  if (values.render) return writeTables(renderTables(manifest, JSON.parse(readFileSync(SCORES, "utf8")) as ScoresFile));
  const code = codeHash();
  const previous = [...readScores(PROGRESS), ...readScores(SCORES)];
  const scores: ModeScore[] = [];
  const save = () => {
    mkdirSync(dirname(PROGRESS), { recursive: true });
    writeFileSync(PROGRESS, JSON.stringify({ scores: [...scores, ...previous] }) + "\n");
  };
  const chosen = (m: ModelInfo) => !wanted || wanted.includes(m.id);
  // Each model's own file in every mode first, then the float twins the page loads.
  for (const model of manifest.models) {
    for (const key of modesFor(model)) {
      const old = previous.find((r) => r.id === model.id && r.mode === key);
      const same = old && old.sha256 === model.sha256 && old.code === code && old.limit === limit && !values.force;
      if (old && (same || !chosen(model))) scores.push(old);
      else if (chosen(model)) {
        scores.push(await scoreMode(model, key, { voc, limit, code }));
        save();
      }
    }
  }
  for (const model of manifest.models.filter((m) => m.browser && !m.cliOnly && chosen(m))) {
    for (const row of scores.filter((r) => r.id === model.id)) {
      if (row.pageSha256 === model.browser!.sha256 && row.pageMIoU !== undefined && !values.force) continue;
      const r = await evaluate({
        model: model.id,
        voc,
        limit,
        threads: THREADS,
        mode: parseMode(row.mode),
        browserFile: true,
      });
      Object.assign(row, { pageMIoU: r.mIoU, pageSha256: builtSha256(model.id, true) });
      console.log(`${model.id} ${row.mode} as the page loads it (${model.browser!.file}): mIoU ${r.mIoU.toFixed(2)}`);
      save();
    }
  }
  for (const model of manifest.models.filter(chosen)) {
    const rows = scores.filter((r) => r.id === model.id);
    if (rows.every((r) => r.timedSha256 === r.sha256 && r.timedImages !== undefined) && !values.force) continue;
    const times = await timeModes(
      model,
      rows.map((r) => r.mode),
      voc,
      limit,
    );
    for (const row of rows)
      Object.assign(row, {
        medianMs: times.ms.get(row.mode),
        timedSha256: row.sha256,
        timedImages: times.images,
        timedOn: thisCpu(),
      });
    console.log(`${model.id}: ${rows.map((r) => `${r.mode} ${r.medianMs.toFixed(1)} ms`).join(", ")}`);
    save();
  }
  writeTables(renderTables(manifest, writeScores(manifest, scores)));
  await buildModels(); // the manifest names each model's best and fastest mode from the scores just written
  console.log(`${REGIONS.modelsTable.file} models tables and docs/model-scores.json updated`);
}

/** The tables go between the models-table markers of docs/models.md (scripts/doc-regions.ts). */
function writeTables(tables: string) {
  writeRegion(root, REGIONS.modelsTable, tables);
}

async function scoreMode(model: ModelInfo, key: string, run: { voc: string; limit?: number; code: string }) {
  const mode = parseMode(key);
  const r = await evaluate({ model: model.id, voc: run.voc, limit: run.limit, threads: THREADS, mode });
  const row: ModeScore = {
    id: model.id,
    mode: key,
    mIoU: r.mIoU,
    mAcc: r.mAcc,
    aAcc: r.aAcc,
    pairs: r.pairs,
    inferencesPerImage: inferencesPerImage(mode),
    medianInferenceMs: r.medianMs.inference,
    medianMs: NaN,
    sha256: builtSha256(model.id),
    code: run.code,
    ...(run.limit === undefined ? {} : { limit: run.limit }),
  };
  console.log(
    `${model.id} ${key}: mIoU ${row.mIoU.toFixed(2)} over ${r.pairs} pairs, ${row.inferencesPerImage} inferences, ` +
      `${r.seconds.toFixed(0)} s`,
  );
  return row;
}

/**
 * Median ms of segment() per mode: one warm-up image, then each image through every mode, the order of the
 * modes turning by one from image to image; onnxruntime-node, THREADS threads, the model's own file.
 */
async function timeModes(model: ModelInfo, keys: string[], voc: string, limit?: number) {
  const dir = resolve(voc);
  const set = await setFromFolder(listFolder(dir), dir);
  const pairs = set.pairing.pairs.slice(0, Math.min(TIMED_IMAGES, limit ?? Infinity) + 1);
  const images = [];
  for (const pair of pairs)
    images.push(await decodeImage(new Uint8Array(await (await pair.image.file()).arrayBuffer()), pair.id));
  const session = await openNodeSession(join(MODELS_OUT, model.file), THREADS);
  const times = new Map(keys.map((key) => [key, [] as number[]]));
  try {
    for (const [i, image] of images.entries()) {
      for (let k = 0; k < keys.length; k++) {
        const key = keys[(i + k) % keys.length];
        const t0 = performance.now();
        await segment(image, model.inputSize, session.infer, parseMode(key));
        if (i > 0) times.get(key)!.push(performance.now() - t0);
      }
    }
  } finally {
    await session.release();
  }
  return { ms: new Map(keys.map((key) => [key, median(times.get(key)!)])), images: images.length - 1 };
}

/** Writes docs/model-scores.json: every row, and each model's best and fastest mode. */
function writeScores(manifest: Manifest, scores: ModeScore[]): ScoresFile {
  const done = manifest.models.filter((m) => scores.some((r) => r.id === m.id));
  const file: ScoresFile = {
    voc: "voc-sample (346 of the 1449 VOC2012 val images)",
    scores,
    models: done.map((m) => pickModes(m.id, scores)),
  };
  writeFileSync(SCORES, JSON.stringify(file, null, 2) + "\n");
  return file;
}

const ms = (v: number) => `${v.toFixed(v < 100 ? 1 : 0)} ms`;

/** This machine's CPU, as the tables name where rows were timed. */
const thisCpu = () => `${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${cpus().length} cores`;

function renderTables(manifest: Manifest, file: ScoresFile): string {
  // Where the rows were timed, as recorded: --render on another machine must not name its own CPU.
  const cpu = [...new Set(file.scores.map((r) => r.timedOn ?? file.timedOn ?? "an unrecorded CPU"))].join(" and ");
  const models = manifest.models.filter((m) => file.models.some((x) => x.id === m.id));
  const row = (id: string, mode: string) => file.scores.find((r) => r.id === id && r.mode === mode);
  const main = models.map((m) => {
    const picks = file.models.find((x) => x.id === m.id)!;
    const ref = row(m.id, "stretch");
    const best = row(m.id, picks.best)!;
    const fast = row(m.id, picks.fastest)!;
    const cell = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(2));
    return (
      `| \`${m.id}\`${m.id === manifest.default ? " (default)" : ""}${m.cliOnly ? " (CLI only)" : ""} | ${m.name} | ${m.inputSize} | ${m.outputStride} | ` +
      `${m.precision} | ${(m.params / 1e6).toFixed(3)}M | ${(m.madds / 1e9).toFixed(3)}B | ${(m.bytes / 2 ** 20).toFixed(1)} MB | ` +
      `${cell(ref?.mIoU)} | ${cell(ref?.mAcc)} | ${cell(ref?.aAcc)} | ${m.cliOnly ? "–" : cell(ref?.pageMIoU ?? ref?.mIoU)} | ` +
      `${ref ? ms(ref.medianMs) : "–"} | \`${best.mode}\` | **${best.mIoU.toFixed(2)}** | ` +
      `${best.inferencesPerImage} × · ${ms(best.medianMs)} | \`${fast.mode}\`: ${fast.mIoU.toFixed(2)} · ${ms(fast.medianMs)} |`
    );
  });
  const keys = [...TABLE_MODES, ...Object.values(RESOLUTION_MODES).flat()];
  const modes = keys.filter((key) => file.scores.some((r) => r.mode === key));
  const grid = models.map((m) => {
    const cells = modes.map((key) => {
      const r = row(m.id, key);
      return r ? `${r.mIoU.toFixed(2)} · ${ms(r.medianMs)}` : "–";
    });
    return `| \`${m.id}\` | ${cells.join(" | ")} |`;
  });
  const pairs = file.scores[0]?.pairs ?? 0;
  return [
    `Scored by \`npm run models:table\` on ${pairs} pairs of \`../shared/voc-sample\` (346 of the 1449 VOC2012 val images, so not directly comparable with full-val figures), ` +
      `full-resolution scoring, 255 ignored. The paper's Mobile DeepLabv3 (MobileNetV2 ×1.0, OS16, 513 px) reports **75.32 mIoU** on the full val set with 2.11M params and 2.75B MAdds. ` +
      `mIoU, mAcc, aAcc and ms (node) are the reference mode's (stretch to square, once: the TFLite demos' pipeline); ms (node) is its median per image from the decoded image to the class map, onnxruntime-node, ${THREADS} threads, ${cpu}, from the timing pass described below. ` +
      "Page mIoU: the file the page loads, which for QDQ models is a plain float twin (`npm run eval -- --browser-file`). " +
      "Best: the accuracy mode that scores highest, and its cost: inferences per image, and median ms per image from the decoded image to the class map " +
      `(onnxruntime-node, ${THREADS} threads, the model's own file, on ${TIMED_IMAGES} images that every mode runs in turn); ` +
      `fastest: the most accurate of the modes whose median is within ${SAME_SPEED * 100}% of the quickest. Each manifest entry names both (\`modes\`).`,
    "",
    "| id | model | input | OS | source precision | params | MAdds | ONNX size | mIoU | mAcc | aAcc | page mIoU | ms (node) | best mode | best mIoU | best cost | fastest mode |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...main,
    "",
    `mIoU · median ms per image in each accuracy mode (\`npm run eval -- --mode <key>\`; ${modes.map((k) => `\`${k}\`: ${describeMode(parseMode(k))}`).join("; ")}). ` +
      "A single scale is the paper's resolution multiplier: one run at a side of 16k+1 " +
      `(${Object.entries(RESOLUTION_MODES)
        .map(
          ([size, list]) =>
            `${size} px models at ${list.map((k) => scaledSide(Number(size), parseMode(k).scales[0])).join("/")} px`,
        )
        .join(", ")}). ` +
      "Scales and the native fit need a resolution-flexible model file (–: not run).",
    "",
    `| id | ${modes.map((k) => `\`${k}\``).join(" | ")} |`,
    `|---|${modes.map(() => "---|").join("")}`,
    ...grid,
    "",
    nativeVsPad(models, row),
  ].join("\n");
}

/** The non-square fit against pad-to-square, model by model: what skipping the padding costs in mIoU and saves in time. */
function nativeVsPad(models: ModelInfo[], row: (id: string, mode: string) => ModeScore | undefined): string {
  const pairs = models.flatMap((m) => {
    const [native, pad] = [row(m.id, "native"), row(m.id, "pad")];
    return native && pad ? [{ id: m.id, native, pad }] : [];
  });
  const signed = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(2)}`;
  return (
    "Native aspect (no padding) against pad to square, mIoU difference and time per image: " +
    pairs
      .map(
        ({ id, native, pad }) =>
          `\`${id}\` ${signed(native.mIoU - pad.mIoU)} in ${((100 * native.medianMs) / pad.medianMs).toFixed(0)}% of the time`,
      )
      .join("; ") +
    "."
  );
}

if (process.argv[1] && resolve(process.argv[1]).endsWith("models-table.ts")) {
  main().catch((error) => {
    console.error(`models:table failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
