/**
 * npm run models: converts every catalog model to ONNX in public/models/ and writes manifest.json.
 * Sources come from $MODELS_DIR, else ../shared/models, else the official URL; sha256 is always checked.
 * A model is rebuilt only when its file, its source or the converter changed. --force rebuilds all.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { convertTflite, type ConvertOptions } from "@/lib/convert";
import { graphStats } from "@/lib/convert/onnx/stats";
import { CATALOG, DEFAULT_MODEL, type CatalogEntry, type SourceFile } from "@/lib/models/catalog";
import type { Manifest, ModelInfo } from "@/lib/models/manifest";
import { modeProblem, parseMode } from "@/lib/pipeline/modes";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const MODELS_OUT = resolve(root, process.env.MODELS_OUT ?? "public/models");
const searchDirs = [process.env.MODELS_DIR, resolve(root, "../shared/models")].filter(Boolean) as string[];

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function converterHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name)) hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(join(root, "lib/convert"));
  walk(join(root, "lib/models"));
  return hash.digest("hex").slice(0, 16);
}

export async function loadSource(entry: CatalogEntry): Promise<{ source: SourceFile; bytes: Uint8Array }> {
  const tried: string[] = [];
  for (const source of entry.sources) {
    for (const dir of searchDirs) {
      const path = join(dir, source.file);
      if (!existsSync(path)) {
        tried.push(`${path} (missing)`);
        continue;
      }
      const bytes = new Uint8Array(readFileSync(path));
      if (sha256(bytes) === source.sha256) return { source, bytes };
      tried.push(`${path} (sha256 mismatch: ${sha256(bytes)})`);
    }
  }
  for (const source of entry.sources.filter((s) => s.url)) {
    try {
      const response = await fetch(source.url!);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (sha256(bytes) === source.sha256) return { source, bytes };
      tried.push(`${source.url} (sha256 mismatch: ${sha256(bytes)})`);
    } catch (error) {
      tried.push(`${source.url} (${(error as Error).message})`);
    }
  }
  throw new Error(`no verified source for model "${entry.id}"; tried:\n  ${tried.join("\n  ")}`);
}

/** How a catalog entry is converted: its normalisation, QDQ and calibration ranges. */
export function conversionOptions(entry?: CatalogEntry): ConvertOptions {
  if (!entry) return {};
  const ranges = entry.calibration
    ? (JSON.parse(readFileSync(join(root, "lib/models/calibration", entry.calibration), "utf8")).ranges as Record<
        string,
        [number, number]
      >)
    : undefined;
  return { mean: entry.mean, std: entry.std, qdq: entry.qdq, ranges, flexible: true };
}

/** Writes a model file atomically, so an interrupted build never leaves a half-made one. */
function write(file: string, bytes: Uint8Array): string {
  const tmp = join(MODELS_OUT, `${file}.tmp`);
  writeFileSync(tmp, bytes);
  renameSync(tmp, join(MODELS_OUT, file));
  return file;
}

/** A QDQ model's browser twin: plain float ops throughout (see ModelInfo.browser). */
export const browserOptions = (options: ConvertOptions): ConvertOptions => ({
  ...options,
  qdq: false,
  floatActivations: true,
});

async function build(entry: CatalogEntry): Promise<ModelInfo> {
  const { source, bytes } = await loadSource(entry);
  const options = conversionOptions(entry);
  const result = convertTflite(bytes, options);
  const file = write(`${entry.id}.onnx`, result.onnx);
  const twin = options.qdq && !entry.cliOnly ? convertTflite(bytes, browserOptions(options)) : undefined;
  const browser = twin?.onnx;
  for (const why of [...result.pins, ...(twin?.pins ?? [])]) console.log(`${entry.id} stays at its input size: ${why}`);
  // The network's own params and MAdds at its input size, before the image-pooling split trims the projection's work.
  const stats = graphStats(convertTflite(bytes, { ...options, keepImagePooling: true, flexible: false }).onnx);
  return {
    id: entry.id,
    name: entry.name,
    file,
    bytes: result.onnx.length,
    sha256: sha256(result.onnx),
    ...(browser
      ? {
          browser: { file: write(`${entry.id}.browser.onnx`, browser), bytes: browser.length, sha256: sha256(browser) },
        }
      : {}),
    ...(entry.cliOnly ? { cliOnly: true } : {}),
    ...(result.flexible && (twin?.flexible ?? true) ? { flexible: true as const } : {}),
    source: { file: source.file, sha256: source.sha256 },
    inputSize: result.inputSize,
    outputSize: result.outputSize,
    classes: result.classes,
    widthMultiplier: entry.widthMultiplier,
    outputStride: entry.outputStride,
    precision: entry.precision,
    licence: entry.licence,
    params: stats.params,
    madds: stats.madds,
  };
}

/** Names each model's best and fastest accuracy mode, as npm run models:table last scored them. */
function withModes(models: ModelInfo[]): ModelInfo[] {
  const path = join(root, "docs/model-scores.json");
  const picks = existsSync(path)
    ? ((JSON.parse(readFileSync(path, "utf8")).models ?? []) as { id: string; best: string; fastest: string }[])
    : [];
  return models.map((model) => {
    const m = { ...model };
    delete m.modes;
    const p = picks.find((x) => x.id === m.id);
    const runs = p && [p.best, p.fastest].every((key) => !modeProblem(parseMode(key), m));
    return runs ? { ...m, modes: { best: p.best, fastest: p.fastest } } : m;
  });
}

function readManifest(): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(MODELS_OUT, "manifest.json"), "utf8")) as Manifest;
  } catch {
    return null;
  }
}

export async function buildModels(force = false): Promise<Manifest> {
  mkdirSync(MODELS_OUT, { recursive: true });
  const converter = converterHash();
  const previous = readManifest();
  const models: ModelInfo[] = [];
  for (const entry of CATALOG) {
    const old = previous?.models.find((m) => m.id === entry.id);
    const fresh =
      !force &&
      old?.sha256 &&
      previous!.converter === converter &&
      [old.file, old.browser?.file].every((f) => !f || existsSync(join(MODELS_OUT, f))) &&
      entry.sources.some((s) => s.sha256 === old.source.sha256);
    if (fresh) {
      models.push(old);
      continue;
    }
    const t0 = performance.now();
    const info = await build(entry);
    console.log(
      `built ${info.file} from ${info.source.file} in ${(performance.now() - t0).toFixed(0)} ms ` +
        `(${(info.params / 1e6).toFixed(3)}M params, ${(info.madds / 1e9).toFixed(3)}B MAdds)`,
    );
    models.push(info);
  }
  const manifest: Manifest = { default: DEFAULT_MODEL, converter, models: withModes(models) };
  writeFileSync(join(MODELS_OUT, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  const current = new Set(models.flatMap((m) => [m.file, m.browser?.file]));
  for (const file of readdirSync(MODELS_OUT))
    if (file.endsWith(".onnx") && !current.has(file)) rmSync(join(MODELS_OUT, file));
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildModels(process.argv.includes("--force")).then(
    (m) => console.log(`${m.models.length} models ready in ${MODELS_OUT}`),
    (error) => {
      console.error(`npm run models failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
