// Runs seeded mutations of one TFLite file through the converter and tallies the outcomes.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ConvertError, TfliteFormatError, convertTflite, type ConvertOptions } from "@/lib/convert";
import { mutate } from "@/test/helpers/mutate";
import { tfliteLayout, type Layout } from "@/test/helpers/tflite-layout";

/**
 * No case may take longer than this, in CPU time of this process: on a shared machine wall time also
 * counts the other processes, while a slow path in the converter shows in both.
 */
export const CASE_LIMIT_MS = 1000;

/** Every other case converts with one of these in turn, so each path through the converter is fuzzed. */
const OPTIONS: ConvertOptions[] = [
  { qdq: true },
  { floatActivations: true },
  { flexible: true },
  { keepFinalResize: true, keepImagePooling: true },
  { exposeActivations: true },
];
export const optionsFor = (index: number): ConvertOptions => (index % 2 ? OPTIONS[(index >> 1) % OPTIONS.length] : {});

export interface Failure {
  index: number;
  label: string;
  problem: string;
}

export interface Tally {
  file: string;
  cases: number;
  converted: number;
  formatErrors: number;
  convertErrors: number;
  /** The case that took the most CPU time, and the most wall time any case took. */
  slowest: { cpuMs: number; index: number; label: string };
  slowestWallMs: number;
  /** Wall time of all cases. */
  totalMs: number;
  /** Other exceptions, slow cases and errors whose message names neither a byte offset nor an op. */
  failures: Failure[];
}

/** Where a converter error says the problem lies: a byte offset for the reader, an op or graph I/O after it. */
export function namesPlace(e: Error): boolean {
  if (e instanceof TfliteFormatError) return /offset \d+/.test(e.message);
  return /operator \d+ \([A-Z0-9_:]+|unsupported TFLite ops?: |graph (input|output)/.test(e.message);
}

/** Case `index` under `seed`: the mutated bytes, the options it converts with, and its label. */
export function fuzzCase(original: Uint8Array, layout: Layout, seed: number, index: number) {
  const mutant = mutate(original, layout, seed, index);
  const options = optionsFor(index);
  const label = Object.keys(options).length ? `${mutant.label}, options ${JSON.stringify(options)}` : mutant.label;
  return { bytes: mutant.bytes, label, options };
}

export function fuzzFile(
  file: string,
  original: Uint8Array,
  cases: number,
  seed: number,
  first = 0,
  convert: (bytes: Uint8Array, options: ConvertOptions) => unknown = convertTflite,
): Tally {
  const layout = tfliteLayout(original);
  const tally: Tally = {
    file,
    cases,
    converted: 0,
    formatErrors: 0,
    convertErrors: 0,
    slowest: { cpuMs: 0, index: -1, label: "" },
    slowestWallMs: 0,
    totalMs: 0,
    failures: [],
  };
  for (let index = first; index < first + cases; index++) {
    const { bytes, label, options } = fuzzCase(original, layout, seed, index);
    const fail = (problem: string) => tally.failures.push({ index, label, problem });
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    try {
      convert(bytes, options);
      tally.converted++;
    } catch (e) {
      if (e instanceof TfliteFormatError) tally.formatErrors++;
      else if (e instanceof ConvertError) tally.convertErrors++;
      else fail(`escaped ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      if ((e instanceof TfliteFormatError || e instanceof ConvertError) && !namesPlace(e))
        fail(`message names no offset or op: ${e.name}: ${e.message}`);
    }
    const { user, system } = process.cpuUsage(cpuStart);
    const [cpuMs, wallMs] = [(user + system) / 1000, performance.now() - start];
    tally.totalMs += wallMs;
    tally.slowestWallMs = Math.max(tally.slowestWallMs, wallMs);
    if (cpuMs > tally.slowest.cpuMs) tally.slowest = { cpuMs, index, label };
    if (cpuMs > CASE_LIMIT_MS) fail(`took ${cpuMs.toFixed(0)} ms of CPU time (${wallMs.toFixed(0)} ms wall)`);
  }
  return tally;
}

export function formatTally(t: Tally): string {
  return (
    `${t.file}: ${t.cases} cases: converted ${t.converted}, TfliteFormatError ${t.formatErrors}, ` +
    `ConvertError ${t.convertErrors}, escaped/slow/unnamed ${t.failures.length}; slowest ${t.slowest.cpuMs.toFixed(0)} ms ` +
    `CPU (case ${t.slowest.index}: ${t.slowest.label}), slowest wall ${t.slowestWallMs.toFixed(0)} ms; ` +
    `total ${(t.totalMs / 1000).toFixed(1)} s`
  );
}

/** A mutation that once found a bug: regenerated from its file, seed and index, and kept in every run. */
export interface CorpusCase {
  file: string;
  seed: number;
  index: number;
  /** The mutation's label when it was found, so a changed generator cannot silently drop the case. */
  label: string;
  /** What it found, and where that was fixed. */
  found: string;
}

export const CORPUS_PATH = fileURLToPath(new URL("../convert/fuzz-corpus.json", import.meta.url));

export function readCorpus(): CorpusCase[] {
  return (JSON.parse(readFileSync(CORPUS_PATH, "utf8")) as { cases: CorpusCase[] }).cases;
}

/** Adds new cases (by file, seed and index) and keeps the file sorted. */
export function saveToCorpus(found: CorpusCase[]): number {
  const cases = readCorpus();
  const key = (c: CorpusCase) => `${c.file}|${c.seed}|${c.index}`;
  const known = new Set(cases.map(key));
  const fresh = found.filter((c) => !known.has(key(c)));
  cases.push(...fresh);
  cases.sort((a, b) => a.file.localeCompare(b.file) || a.seed - b.seed || a.index - b.index);
  const about =
    "Mutations that once found a bug; test/convert/fuzz.data.test.ts runs them all. `npm run fuzz -- --save` adds.";
  writeFileSync(CORPUS_PATH, JSON.stringify({ about, cases }, null, 2) + "\n");
  return fresh.length;
}
