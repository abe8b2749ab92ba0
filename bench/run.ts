/**
 * npm run bench -- [--models id,id] [--eps wasm1,wasm,webgpu] [--runs 20] [--images 10] [--mem 200]
 *                   [--eval-pairs 100] [--eval-rounds 5] [--eval-memory 1000] [--live-seconds 120] [--readme [--merge]]
 * Our app against MediaPipe's ImageSegmenter and tfjs-tflite in one headless Chromium session,
 * alternating runs. Prints a markdown table; writes bench/results/latest.json (+ details, .md).
 * --readme also writes docs/bench.json, docs/bench.md and the summary in docs/speed.md (the flag keeps its old
 * name); with --merge, the rows this run measured replace their namesakes there and the others stay, each row
 * keeping the date and machine it was measured on.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { evalMemory } from "@/bench/eval-memory";
import { liveFrame } from "@/bench/live";
import { mergeBench, renderBench, threadCount, type BenchResults } from "@/bench/table";
import { median } from "@/lib/metrics/report";
import { parseScores, referenceScore } from "@/lib/models/configurations";
import type { Manifest, ModelInfo } from "@/lib/models/manifest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/node/chromium";
import { startServer } from "@/lib/node/static-server";
import { outputBeforeArgmax } from "@/lib/node/tflite-rewrite";
import { parseIdList } from "@/lib/voc/dataset";
import { evaluate } from "@/scripts/eval-run";

const root = fileURLToPath(new URL("..", import.meta.url));
const shared = resolve(root, "../shared");
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const APP = `http://127.0.0.1:${PORT}`;

type Ep = { name: string; backend: "wasm" | "webgpu"; threads: number; ort?: "jsep" };
type Metric = "model_only" | "end_to_end" | "first_mask_cold" | "live_frame" | "eval_pair";

export interface Row {
  model: string;
  variant: string;
  ep: string;
  threads: number;
  metric: Metric;
  ours_ms: number;
  peer: "mediapipe" | "tfjs-tflite" | "onnxruntime-node" | null;
  peer_ms: number | null;
  ratio: number | null;
  miou: number | null;
}

const { values } = parseArgs({
  options: {
    models: { type: "string" },
    eps: { type: "string", default: "wasm1,wasm,webgpu" },
    runs: { type: "string", default: "20" },
    images: { type: "string", default: "10" },
    mem: { type: "string", default: "200" },
    readme: { type: "boolean" },
    merge: { type: "boolean" },
    "eval-pairs": { type: "string", default: "100" },
    "eval-rounds": { type: "string", default: "5" },
    "eval-memory": { type: "string", default: "1000" },
    "live-seconds": { type: "string", default: "120" },
  },
});
const RUNS = Number(values.runs);
const IMAGES = Number(values.images);
const MEM = Number(values.mem);
const ALL_THREADS = Math.min(4, cpus().length);
const EPS = (
  [
    { name: "wasm1", backend: "wasm", threads: 1 },
    { name: "wasm", backend: "wasm", threads: ALL_THREADS },
    { name: "webgpu", backend: "webgpu", threads: ALL_THREADS },
    { name: "webgpu-jsep", backend: "webgpu", threads: ALL_THREADS, ort: "jsep" },
  ] satisfies Ep[]
).filter((e) => values.eps!.split(",").includes(e.name)) as Ep[];
const epQuery = (ep: Ep) => `backend=${ep.backend}&threads=${ep.threads}${ep.ort ? `&ort=${ep.ort}` : ""}`;

const p90 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * 0.9))];
const round = (v: number) => Math.round(v * 100) / 100;
const log = (line: string) => console.error(line);

async function startApp(): Promise<ChildProcess> {
  const server = spawn(join(root, "node_modules/.bin/tsx"), [join(root, "scripts/start.ts")], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${APP}/models/manifest.json`)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("the app did not start");
}

async function appPage(browser: Browser, query: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${APP}/?bench&${query}`);
  // Predicates are functions, not strings: the app's CSP forbids evaluating strings.
  await page.waitForFunction(() => "__deeplabBench" in window);
  return page;
}

/**
 * Calls a function the page exposes; arguments travel as JSON (plain strings keep tsx's helpers out
 * of the page). The page is brought to the front first: Chromium deprioritises background tabs.
 */
async function call<T>(page: Page, target: string, ...args: unknown[]): Promise<T> {
  const list = args.map((a) =>
    a instanceof Uint8Array || Array.isArray(a)
      ? `new Uint8Array(${JSON.stringify(Array.from(a as number[]))})`
      : JSON.stringify(a),
  );
  await page.bringToFront();
  return page.evaluate(`${target}(${list.join(", ")})`) as Promise<T>;
}
const hook = <T>(page: Page, method: string, ...args: unknown[]) =>
  call<T>(page, `window.__deeplabBench.${method}`, ...args);
const peer = <T>(page: Page, method: string, ...args: unknown[]) => call<T>(page, `window.peers.${method}`, ...args);
type Stages = { wall: number; draw: number; timings: Record<string, number> };

async function coldFirstMask(
  browser: Browser,
  model: ModelInfo,
  ep: Ep,
  image: string,
): Promise<{ cold: number; warm: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const once = async (navigate: () => Promise<unknown>) => {
    await navigate();
    // The hook is installed once the page has hydrated: a file chosen before that would be lost.
    await page.waitForFunction(() => "__deeplabBench" in window, null, { timeout: 600_000 });
    await page.getByLabel("Upload image").setInputFiles(image);
    await page.waitForFunction(
      () =>
        (window as unknown as { __deeplabBench?: { firstMask(): number | undefined } }).__deeplabBench?.firstMask() !==
        undefined,
      null,
      { timeout: 600_000 },
    );
    return hook<number>(page, "firstMask");
  };
  const url = `${APP}/?bench&model=${model.id}&${epQuery(ep)}`;
  const cold = await once(() => page.goto(url, { waitUntil: "domcontentloaded" }));
  const warm = await once(() => page.reload({ waitUntil: "domcontentloaded" }));
  await context.close();
  return { cold, warm };
}

/**
 * /evaluate on the same pairs, run `rounds` times on one page (WASM, `threads`), each run preceded by a batch of
 * model-only runs of the page's own hook at the same EP and threads, so that both are measured in the same minutes
 * of this noisy machine. The first run also pays for the fresh worker's warm-up (ort's WebAssembly tiering up, the
 * stage worker's JIT) and is reported apart as `cold`; the ratio to model-only uses the warm runs, like the
 * model-only median leaves out its first run. The CLI scores the same pairs at the same thread count.
 */
async function evalThroughput(browser: Browser, pairs: number, modelId: string, rounds: number, threads: number) {
  const voc = join(shared, "voc-sample");
  const ids = parseIdList(readFileSync(join(voc, "ImageSets/Segmentation/val.txt"), "utf8")).slice(0, pairs);
  const model = await appPage(browser, `backend=wasm&threads=${threads}&model=${modelId}`);
  await hook(model, "load", modelId, "wasm", threads);
  const image = Array.from(readFileSync(join(voc, `JPEGImages/${ids[0]}.jpg`)));
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${APP}/evaluate?backend=wasm&threads=${threads}`);
  // Files chosen before the page hydrates are lost: wait until choosing them shows the pairs.
  await expectPairs(page, ids, voc);
  await page.getByLabel("Backend").selectOption("WASM");
  const runs: { ms: number; miou: string }[] = [];
  const modelMs: number[] = [];
  let sessions = 1;
  for (let r = 1; r <= rounds; r++) {
    modelMs.push(...(await hook<{ ms: number[] }>(model, "modelOnly", 10, image)).ms);
    await page.bringToFront();
    await page.getByRole("button", { name: "Run evaluation" }).click();
    const summary = page.getByRole("region", { name: `Results · Run ${r}` });
    await summary.getByLabel("Images/s", { exact: true }).waitFor({ timeout: 1_800_000 });
    const perSecond = Number(await summary.getByLabel("Images/s", { exact: true }).innerText());
    runs.push({ ms: 1000 / perSecond, miou: await summary.getByLabel("mIoU", { exact: true }).innerText() });
    const backend = await summary.getByLabel("Backend", { exact: true }).innerText();
    sessions = Number(/(\d+) sessions/.exec(backend)?.[1] ?? 1);
    log(`  /evaluate run ${r}: ${(1000 / perSecond).toFixed(1)} ms per pair, mIoU ${runs.at(-1)!.miou}`);
  }
  await page.context().close();
  await model.context().close();
  const cli = await evaluate({ voc, limit: pairs, threads });
  const warm = median(runs.slice(1).map((x) => x.ms));
  const modelOnly = median(modelMs);
  const cliMs = (1000 * cli.seconds) / cli.pairs;
  log(
    `\nevaluation of ${pairs} pairs, ${threadCount(threads)}: page ${warm.toFixed(1)} ms per pair warm (median of ${rounds - 1} runs; ` +
      `cold ${runs[0].ms.toFixed(1)}; ${sessions} session${sessions > 1 ? "s" : ""}), model only ${modelOnly.toFixed(1)} ms alongside (${(warm / modelOnly).toFixed(2)}×; ` +
      `target ≤ 1.2×), CLI ${cliMs.toFixed(1)} ms per pair (mIoU ${cli.mIoU.toFixed(2)}%)`,
  );
  return {
    pairs,
    threads,
    sessions,
    page: 1000 / warm,
    cli: 1000 / cliMs,
    ratio: cliMs / warm,
    coldMs: round(runs[0].ms),
    warmMs: round(warm),
    modelOnlyMs: round(modelOnly),
    overModelOnly: round(warm / modelOnly),
  };
}

async function expectPairs(page: Page, ids: string[], voc: string) {
  for (let attempt = 0; ; attempt++) {
    await page.getByLabel("Choose images").setInputFiles(ids.map((id) => join(voc, `JPEGImages/${id}.jpg`)));
    await page.getByLabel("Choose masks").setInputFiles(ids.map((id) => join(voc, `SegmentationClass/${id}.png`)));
    try {
      await page.getByText(`${ids.length} pairs`, { exact: true }).waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
    }
  }
}

async function main() {
  const manifest = JSON.parse(readFileSync(join(root, "public/models/manifest.json"), "utf8")) as Manifest;
  const wanted = values.models?.split(",");
  const models = manifest.models.filter((m) => !m.cliOnly && (!wanted || wanted.includes(m.id)));
  const scores = parseScores(JSON.parse(readFileSync(join(root, "docs/model-scores.json"), "utf8")));
  const ids = parseIdList(readFileSync(join(shared, "voc-sample/ImageSets/Segmentation/val.txt"), "utf8")).slice(
    0,
    IMAGES,
  );
  const images = ids.map((id) => Array.from(readFileSync(join(shared, `voc-sample/JPEGImages/${id}.jpg`))));

  const server = await startApp();
  const peers = await startServer([
    ["/tfjs-core/", join(root, "node_modules/@tensorflow/tfjs-core/dist")],
    ["/tfjs-cpu/", join(root, "node_modules/@tensorflow/tfjs-backend-cpu/dist")],
    ["/tflite/", join(root, "node_modules/@tensorflow/tfjs-tflite/dist")],
    ["/tflite/", join(root, "node_modules/@tensorflow/tfjs-tflite/wasm")],
    ["/mediapipe/", join(root, "node_modules/@mediapipe/tasks-vision")],
    ["/models/", join(shared, "models")],
  ]);
  peers.pages.set("/peers.html", readFileSync(join(root, "bench/peers.html"), "utf8"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, "--enable-blink-features=ForceEagerMeasureMemory"],
  });
  const version = browser.version();
  const theirs = await (await browser.newContext()).newPage();
  await theirs.goto(`${peers.url}/peers.html`);
  await theirs.waitForFunction("window.peersReady === true");

  const rows: Row[] = [];
  const details: Record<string, unknown>[] = [];
  const throughput: Awaited<ReturnType<typeof evalThroughput>>[] = [];
  let memory: BenchResults["evalMemory"];
  let liveRecord: BenchResults["live"];
  try {
    // With one thread a core is left for everything but inference; with all of them /evaluate runs a session per thread.
    for (const threads of Number(values["eval-pairs"]) > 0 ? new Set([1, ALL_THREADS]) : []) {
      throughput.push(
        await evalThroughput(
          browser,
          Number(values["eval-pairs"]),
          manifest.default,
          Number(values["eval-rounds"]),
          threads,
        ),
      );
    }
    if (Number(values["eval-memory"]) > 0) {
      const voc = join(shared, "voc-sample");
      const ids = parseIdList(readFileSync(join(voc, "ImageSets/Segmentation/val.txt"), "utf8"));
      const mem = await evalMemory(browser, APP, voc, ids, Number(values["eval-memory"]));
      log(
        `\n/evaluate memory over ${mem.pairs} pairs: ${(mem.at100 / 2 ** 20).toFixed(1)} MB at pair 100, ` +
          `${(mem.atEnd / 2 ** 20).toFixed(1)} MB at the end (${(100 * mem.growth).toFixed(1)}%; target ≤ 5%)`,
      );
      details.push({ metric: "eval_memory", ...mem });
      memory = mem;
    }
    const defaultModel = manifest.models.find((m) => m.id === manifest.default)!;
    const plain = (metric: Metric, threads: number, ours: number, name: Row["peer"], theirsMs: number): Row => ({
      model: defaultModel.id,
      variant: defaultModel.precision,
      ep: "wasm",
      threads,
      metric,
      ours_ms: round(ours),
      peer: name,
      peer_ms: round(theirsMs),
      ratio: round(ours / theirsMs),
      miou: null,
    });
    for (const t of throughput) {
      rows.push(plain("eval_pair", t.threads, 1000 / t.page, "onnxruntime-node", 1000 / t.cli));
      details.push({ metric: "eval_pair_over_model_only", ...t });
    }
    if (Number(values["live-seconds"]) > 0) {
      const frames = ids.slice(0, 4).map((id) => join(shared, `voc-sample/JPEGImages/${id}.jpg`));
      const mpModel = `${peers.url}/models/deeplabv3_257_mv_gpu_metadata.tflite`;
      const live = await liveFrame(APP, frames, ALL_THREADS, Number(values["live-seconds"]), theirs, mpModel);
      log(
        `\nlive (fake camera, WASM ${ALL_THREADS} threads, ${live.seconds.toFixed(0)} s): ${live.intervalMs.toFixed(1)} ms between masks ` +
          `(${live.frames} masks after the first 10 s), capture to mask median ${live.latencyMedianMs.toFixed(1)} ms, ` +
          `p90 ${live.latencyP90Ms.toFixed(1)} ms; MediaPipe segmentForVideo ${live.mediapipeMs.toFixed(1)} ms; ` +
          `MediaPipe live on the same camera: ${live.mediapipeLive.intervalMs.toFixed(1)} ms between masks ` +
          `(${live.mediapipeLive.frames} masks), capture to mask median ${live.mediapipeLive.latencyMedianMs.toFixed(1)} ms, ` +
          `p90 ${live.mediapipeLive.latencyP90Ms.toFixed(1)} ms; ` +
          `memory ${(live.memoryAt10s / 2 ** 20).toFixed(1)} MB at 10 s, ${(live.memoryAtEnd / 2 ** 20).toFixed(1)} MB at the end ` +
          `(${(100 * live.growth).toFixed(1)}%; target ≤ 5%); asked at → reported at: ` +
          live.memorySeries.map(([a, r, bytes]) => `${a} → ${r} s ${(bytes / 2 ** 20).toFixed(1)} MB`).join(", "),
      );
      liveRecord = {
        threads: ALL_THREADS,
        seconds: live.seconds,
        frames: live.frames,
        latencyMedianMs: round(live.latencyMedianMs),
        latencyP90Ms: round(live.latencyP90Ms),
        mediapipeLatencyMedianMs: round(live.mediapipeLive.latencyMedianMs),
        mediapipeLatencyP90Ms: round(live.mediapipeLive.latencyP90Ms),
        memoryAt10s: live.memoryAt10s,
        memoryAtEnd: live.memoryAtEnd,
        growth: live.growth,
      };
      rows.push(plain("live_frame", ALL_THREADS, live.intervalMs, "mediapipe", live.mediapipeMs));
      details.push({ metric: "live_frame", ...live });
    }
    for (const model of models) {
      // Sources ending in an int64 ARG_MAX are served rewritten to output the scores before it.
      peers.data.set(
        model.source.file,
        outputBeforeArgmax(new Uint8Array(readFileSync(join(shared, "models", model.source.file)))),
      );
      const source = `${peers.url}/data/${model.source.file}`;
      const score = referenceScore(scores, model.id);
      // The page runs a QDQ model's float twin (see ModelInfo.browser), so that is what is timed and scored here.
      const miou = score ? round(score.pageMIoU ?? score.mIoU) : null;
      const variant = model.browser ? `float twin of ${model.precision}` : model.precision;
      const row = (ep: Ep, metric: Metric, ours: number, name: Row["peer"], theirsMs: number | null): Row => ({
        model: model.id,
        variant,
        ep: ep.ort ? `${ep.backend} (${ep.ort})` : ep.backend,
        threads: ep.threads,
        metric,
        ours_ms: round(ours),
        peer: name,
        peer_ms: theirsMs === null ? null : round(theirsMs),
        ratio: theirsMs ? round(ours / theirsMs) : null,
        miou,
      });
      for (const ep of EPS) {
        log(`\n${model.id} on ${ep.name} (${threadCount(ep.threads)})`);
        const ours = await appPage(browser, `${epQuery(ep)}&model=${model.id}`);
        const loaded = await hook<{ info: { ep: string; fallback?: string } }>(
          ours,
          "load",
          model.id,
          ep.backend,
          ep.threads,
        );
        if (loaded.info.ep !== ep.backend) log(`  note: ran on ${loaded.info.ep}: ${loaded.info.fallback}`);
        const heavy = ep.backend === "webgpu" || model.inputSize > 257;
        const runs = heavy ? Math.max(5, Math.round(RUNS / 4)) : RUNS;

        // Model-only, alternating batches of ours and tfjs-tflite at the same thread count.
        await peer(theirs, "tflite", source, ep.threads);
        const mine: number[] = [];
        const peerMs: number[] = [];
        for (let done = 0; done < runs; done += 5) {
          mine.push(...(await hook<{ ms: number[] }>(ours, "modelOnly", 5, images[0])).ms);
          peerMs.push(...(await peer<number[]>(theirs, "tfliteRuns", 5)));
        }
        log(
          `  model only: ours ${median(mine).toFixed(1)} ms (p90 ${p90(mine).toFixed(1)}, min ${Math.min(...mine).toFixed(1)}), tfjs-tflite ${median(peerMs).toFixed(1)} ms`,
        );
        rows.push(row(ep, "model_only", median(mine), "tfjs-tflite", median(peerMs)));
        details.push({
          model: model.id,
          ep: ep.name,
          metric: "model_only",
          median: median(mine),
          p90: p90(mine),
          min: Math.min(...mine),
          peer: { median: median(peerMs), p90: p90(peerMs), min: Math.min(...peerMs) },
        });

        // End to end on VOC images, alternating with MediaPipe on the original 257 model.
        const withMediapipe = model.id.startsWith("deeplabv3-257");
        if (withMediapipe) await peer(theirs, "mediapipe", `${peers.url}/models/deeplabv3_257_mv_gpu_metadata.tflite`);
        await hook(ours, "endToEnd", images[0]);
        const e2e: Stages[] = [];
        const mp: number[] = [];
        const imageCount = heavy ? Math.min(3, images.length) : images.length;
        for (const bytes of images.slice(0, imageCount)) {
          e2e.push(await hook<Stages>(ours, "endToEnd", bytes));
          if (withMediapipe) mp.push((await peer<{ ms: number }>(theirs, "mediapipeSegment", bytes)).ms);
        }
        const endToEnd = e2e.map((r) => r.wall - r.timings.decode);
        const stage = (k: string) => median(e2e.map((r) => r.timings[k]));
        log(
          `  end to end: ours ${median(endToEnd).toFixed(1)} ms (preprocess ${stage("preprocess").toFixed(1)}, inference ${stage("inference").toFixed(1)}, postprocess ${stage("postprocess").toFixed(1)}, draw ${median(e2e.map((r) => r.draw)).toFixed(1)})` +
            (withMediapipe ? `, MediaPipe ${median(mp).toFixed(1)} ms` : ""),
        );
        rows.push(
          row(
            ep,
            "end_to_end",
            median(endToEnd),
            withMediapipe ? "mediapipe" : null,
            withMediapipe ? median(mp) : null,
          ),
        );
        details.push({
          model: model.id,
          ep: ep.name,
          metric: "end_to_end",
          median: median(endToEnd),
          stages: {
            decode: stage("decode"),
            preprocess: stage("preprocess"),
            inference: stage("inference"),
            postprocess: stage("postprocess"),
            draw: median(e2e.map((r) => r.draw)),
          },
          mediapipe: withMediapipe ? median(mp) : null,
        });

        // Memory after 10 and after MEM end-to-end inferences.
        if (!heavy && MEM > 10) {
          type Memory = { total: number; pageHeap: number };
          for (let i = e2e.length + 1; i < 10; i++) await hook(ours, "endToEnd", images[i % images.length]);
          const at10 = await hook<Memory>(ours, "memory");
          for (let i = 10; i < MEM; i++) await hook(ours, "endToEnd", images[i % images.length]);
          const atN = await hook<Memory>(ours, "memory");
          const growth = (atN.total - at10.total) / at10.total;
          log(
            `  memory: ${(at10.total / 2 ** 20).toFixed(1)} MB after 10, ${(atN.total / 2 ** 20).toFixed(1)} MB after ${MEM} (${(100 * growth).toFixed(1)}%); page heap ${(at10.pageHeap / 2 ** 20).toFixed(1)} → ${(atN.pageHeap / 2 ** 20).toFixed(1)} MB`,
          );
          details.push({ model: model.id, ep: ep.name, metric: "memory", after10: at10, [`after${MEM}`]: atN, growth });
        }
        await ours.context().close();

        // Time to first mask from a fresh profile (cold) and on reload (warm), through the real UI.
        const image = join(shared, `voc-sample/JPEGImages/${ids[0]}.jpg`);
        const first = await coldFirstMask(browser, model, ep, image);
        log(`  first mask: cold ${first.cold.toFixed(0)} ms, warm ${first.warm.toFixed(0)} ms`);
        rows.push(row(ep, "first_mask_cold", first.cold, null, null));
        details.push({ model: model.id, ep: ep.name, metric: "first_mask", ...first });
      }
    }
  } finally {
    await browser.close();
    await peers.close();
    server.kill("SIGTERM");
  }

  const machine = `${cpus()[0]?.model.trim()}, ${cpus().length} cores; headless Chromium ${version}`;
  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}. Medians; ratio = ours / peer (below 1 is faster).`,
    "",
    "| model | variant | EP | threads | metric | ours ms | peer | peer ms | ratio | mIoU |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.model} | ${r.variant} | ${r.ep} | ${r.threads} | ${r.metric} | ${r.ours_ms} | ${r.peer ?? "–"} | ${r.peer_ms ?? "–"} | ${r.ratio ?? "–"} | ${r.miou ?? "–"} |`,
    ),
    ...throughput.flatMap((t) => [
      "",
      `Evaluation throughput on the same ${t.pairs} VOC pairs (default model, WASM vs onnxruntime-node, ${threadCount(t.threads)} each): ` +
        `page ${t.page.toFixed(2)} images/s, CLI ${t.cli.toFixed(2)} images/s (page/CLI ${t.ratio.toFixed(2)}); ` +
        `page ${t.overModelOnly}× its own model-only time measured alongside.`,
    ]),
  ].join("\n");
  console.log(table);
  const out = join(root, "bench/results");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "latest.json"), JSON.stringify(rows, null, 1) + "\n");
  writeFileSync(join(out, "latest-details.json"), JSON.stringify({ machine, details, throughput }, null, 1) + "\n");
  writeFileSync(join(out, "latest.md"), table + "\n");
  if (values.readme) {
    const date = new Date().toISOString().slice(0, 10);
    const fresh: BenchResults = { date, machine, rows, throughput, evalMemory: memory, live: liveRecord };
    const docs = join(root, "docs/bench.json");
    const results =
      values.merge && existsSync(docs) ? mergeBench(JSON.parse(readFileSync(docs, "utf8")), fresh) : fresh;
    writeFileSync(join(root, "docs/bench.json"), JSON.stringify(results, null, 1) + "\n");
    renderBench(results);
  }
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
