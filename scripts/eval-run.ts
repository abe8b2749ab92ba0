/**
 * Runs `npm run eval` once its options are parsed: scores a model over a VOCdevkit-style folder with the evaluation
 * core the page uses, mmsegmentation-style, and prints the report. bench/ and models-table call it too.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import {
  evaluatePairs,
  inShard,
  MISSING_PAIR,
  finishPair,
  pairStages,
  wholePairs,
  type DecodeImage,
  type PairScore,
  type PairStages,
  type PreparedPair,
  type Inferred,
  type RunReport,
  type Shard,
} from "@/lib/eval";
import { buildReport } from "@/lib/metrics/report";
import { DEFAULT_MODEL } from "@/lib/models/catalog";
import { findModel, pageFile, parseManifest } from "@/lib/models/manifest";
import {
  describeMode,
  inferencesPerImage,
  modeKey,
  modeProblem,
  REFERENCE_MODE,
  type Mode,
} from "@/lib/pipeline/modes";
import { encodeLabelPng } from "@/lib/voc/label-png";
import type { Pair } from "@/lib/voc/dataset";
import type { FoundFile } from "@/lib/voc/folder";
import { setFromFolder } from "@/lib/voc/voc-set";
import { decodeImage } from "@/lib/node/decode";
import { openScorerPool, PoolFailure, queueAll } from "@/lib/node/eval-pool";
import { listFolder } from "@/lib/node/folder";
import { openNodeSession, type NodeRuntime } from "@/lib/node/ort";
import { prepareModelFile } from "@/lib/node/own-model";
import { OwnModelError } from "@/lib/own-model/prepare";
import { ownModelInfo } from "@/lib/own-model/model-info";
import { sharedNote, vocSharing } from "@/lib/metrics/voc-sharing";
import { buildModels, MODELS_OUT } from "@/scripts/build-models";

/** Bad arguments or input: the CLI exits 2. */
export class UsageError extends Error {}

export interface EvalOptions {
  model?: string;
  /** A user's own .tflite, converted as the page converts it, and its labels file. */
  modelFile?: string;
  labels?: string;
  voc: string;
  limit?: number;
  threads?: number;
  saveMasks?: string;
  /** Score the file the page loads (a QDQ model's float twin) instead of the model's own file. */
  browserFile?: boolean;
  runtime?: NodeRuntime;
  /** The accuracy mode (lib/pipeline/modes); the reference, stretch once, by default. */
  mode?: Mode;
  log?: (line: string) => void;
  /** worker_threads, each with its own session; 1 (the default) scores in this thread. */
  workers?: number;
  /** Score only every n-th pair, from the k-th. */
  shard?: Shard;
}

/** The CLI's decoder: libvips, which decodes JPEGs to the same pixels as Chromium. */
const decode: DecodeImage = async (file, name) => decodeImage(new Uint8Array(await file.arrayBuffer()), name);

export async function evaluate(options: EvalOptions): Promise<RunReport> {
  const log = options.log ?? (() => {});
  const dir = resolve(options.voc);
  let files;
  try {
    files = listFolder(dir);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const set = await setFromFolder(files, dir);
  if (set.problem) throw new UsageError(set.problem);
  const { pairing } = set;
  const ownModel = options.modelFile ? await loadModelFile(options.modelFile, options.labels) : undefined;
  const model = ownModel?.model ?? findModel(parseManifest(await buildModels()), options.model ?? DEFAULT_MODEL);
  const mode = options.mode ?? REFERENCE_MODE;
  const problem = modeProblem(mode, model);
  if (problem) throw new UsageError(problem);
  const limited = pairing.pairs.slice(0, options.limit ?? Infinity);
  const pairs = inShard(limited, options.shard);
  const missing = inShard(pairing.missingFromList, options.shard);
  log(
    `${join(dir, set.source === dir ? "" : set.source)}: ${pairing.pairs.length} pairs${set.listed ? " from val.txt" : ""}` +
      (pairing.missingFromList.length ? `, ${pairing.missingFromList.length} listed ids without image or mask` : "") +
      (pairing.imagesWithoutMask.length ? `, ${pairing.imagesWithoutMask.length} images without mask` : "") +
      (pairing.masksWithoutImage.length ? `, ${pairing.masksWithoutImage.length} masks without image` : ""),
  );
  for (const id of missing) log(`skip ${id}: ${MISSING_PAIR}`);
  if (options.shard) log(`shard ${options.shard.index}/${options.shard.count}: ${pairs.length} pairs`);

  const workers = options.workers ?? 1;
  // Several sessions share the cores unless --threads says otherwise.
  const threads = options.threads ?? (workers > 1 ? Math.max(1, Math.floor(availableParallelism() / workers)) : 0);
  const file = options.browserFile ? pageFile(model).file : model.file;
  const runtime = options.runtime ?? "native";
  const path = ownModel ? options.modelFile! : join(MODELS_OUT, file);
  const refused = (error: Error) => {
    throw new Error(`onnxruntime refused the model file ${path}: ${error.message}`);
  };
  const classMap = ownModel?.sharing?.classMap;
  const setup = {
    model: ownModel?.onnx ?? path,
    threads,
    runtime,
    inputSize: model.inputSize,
    mode,
    classMap,
    keepLabels: !!options.saveMasks,
  };
  const pool = workers > 1 ? await openScorerPool(setup, workers).catch(refused) : undefined;
  const session = pool ? undefined : await openNodeSession(setup.model, threads, runtime).catch(refused);
  if (options.saveMasks) mkdirSync(options.saveMasks, { recursive: true });
  if (ownModel?.sharing) log(sharedNote(model.name, ownModel.sharing));
  const pairFiles = async (pair: (typeof pairs)[number]) => ({
    id: pair.id,
    image: await pair.image.file(),
    mask: await pair.mask.file(),
  });
  const queued = pool ? queueAll(pool, pairs, pairFiles) : undefined;
  const saved = (pair: { id: string }, scored: PairScore) => {
    if (options.saveMasks) writeFileSync(join(options.saveMasks, `${pair.id}.png`), encodeLabelPng(scored));
    return scored;
  };
  const own =
    session && pairStages(pairFiles, { decode, infer: session.infer, inputSize: model.inputSize, mode, classMap });
  const stages: PairStages<Pair<FoundFile>, unknown, unknown> = queued
    ? wholePairs(async (pair: Pair<FoundFile>) => saved(pair, await queued.get(pair)!))
    : { ...own!, finish: (p: PreparedPair, i: Inferred) => saved(p, finishPair(p, i.logits, i.ms, classMap)) };
  const run = await evaluatePairs(pairs, stages, {
    missing,
    scored: ownModel?.sharing?.scored,
    isInputError: (error) => !(error instanceof PoolFailure),
    recover: (error) => Promise.reject(error),
    onPair: (e) =>
      log(
        `[${e.index + 1}/${pairs.length}] ` +
          ("scored" in e
            ? `${e.id} mIoU ${(100 * e.scored.mIoU).toFixed(2)} (${e.scored.timings.inference.toFixed(0)} ms)`
            : `skip ${e.id}: ${e.skipped}`),
      ),
  });
  await (pool ? pool.close() : session!.release());
  if (run.status === "failed") throw new Error(run.failure);
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const report = buildReport(run.evaluation, {
    app: pkg.name,
    version: pkg.version,
    model: { id: model.id, name: model.name, inputSize: model.inputSize, precision: model.precision },
    backend: `${runtime === "wasm" ? "onnxruntime-web wasm (node)" : "onnxruntime-node cpu"}${file === model.file || ownModel ? "" : ` (${file})`}`,
    threads,
    mode: { key: modeKey(mode), description: describeMode(mode), inferencesPerImage: inferencesPerImage(mode) },
    seconds: run.seconds,
  });
  const setPairs = limited.length + pairing.missingFromList.length;
  return {
    ...report,
    setPairs,
    ...(workers > 1 ? { workers } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
  };
}

/** --model-file: converted here as the page converts it; scored over the classes it shares with VOC. */
async function loadModelFile(path: string, labels?: string) {
  try {
    const prepared = await prepareModelFile(path, labels);
    const { sharing, problem } = vocSharing(prepared.labels);
    if (problem) throw new UsageError(`${path} cannot be scored on a VOC set: ${problem}`);
    return { model: ownModelInfo(prepared), onnx: prepared.onnx, sharing };
  } catch (error) {
    if (error instanceof OwnModelError) throw new UsageError(error.message);
    throw error;
  }
}

export function printReport(r: RunReport) {
  const fmt = (v: number | null) => (v === null ? "    –" : v.toFixed(2).padStart(6));
  console.log(`\n${"class".padEnd(13)}   IoU    Acc`);
  for (const c of r.perClass) console.log(`${c.class.padEnd(13)} ${fmt(c.iou)} ${fmt(c.acc)}`);
  console.log(
    `\n${r.model.id}: mIoU ${r.mIoU.toFixed(2)}  mAcc ${r.mAcc.toFixed(2)}  aAcc ${r.aAcc.toFixed(2)}  ` +
      `over ${r.pairs} pairs, ${r.skipped.length} skipped, ${r.seconds.toFixed(1)} s`,
  );
  if (r.mode) {
    console.log(`mode ${r.mode.key} (${r.mode.description}), ${r.mode.inferencesPerImage} inferences per image`);
  }
  console.log(
    `median ms: ${Object.entries(r.medianMs)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(", ")}`,
  );
  for (const s of r.skipped) console.log(`skipped ${s.id}: ${s.reason}`);
}
