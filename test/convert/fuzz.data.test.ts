// Mutation fuzz of every shared TFLite model (half the cases with default options, half with the others in turn):
// each mutant must convert, or throw TfliteFormatError naming a byte offset or ConvertError naming the op, within
// 1 s of CPU time. Every run replays the corpus of mutants that once found a bug, then a random share at a fresh
// seed (FUZZ_SEED and FUZZ_CASES override). `npm run fuzz` runs long searches and `--save` adds what they find.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ConvertError, TfliteFormatError } from "@/lib/convert";
import { CASE_LIMIT_MS, formatTally, fuzzCase, fuzzFile, namesPlace, readCorpus } from "@/test/helpers/fuzz";
import { mutate } from "@/test/helpers/mutate";
import { missingShared, SHARED_MODELS } from "@/test/helpers/paths";
import { tfliteLayout } from "@/test/helpers/tflite-layout";

const CASES = Number(process.env.FUZZ_CASES ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 1 + Math.floor(Math.random() * 0x7ffffffe));
const DEFAULT_MODEL = "deeplabv3_257_mv_gpu.tflite";

// Without the shared models this file fails naming what is missing (see missingShared).
const skip = missingShared("models");
const files = (skip ? [] : readdirSync(SHARED_MODELS)).filter((f) => f.endsWith(".tflite")).sort();
const read = (file: string) => new Uint8Array(readFileSync(`${SHARED_MODELS}/${file}`));

describe.skipIf(skip)("the mutation generator", () => {
  test("finds the flatbuffer's fields and reproduces each case", () => {
    const bytes = read(DEFAULT_MODEL);
    const layout = tfliteLayout(bytes);
    // 184 tensors and 70 operators, each a table with its own vtable offset.
    expect(layout.vtables.length).toBeGreaterThan(184 + 70);
    expect(layout.dims.length).toBeGreaterThan(184);
    // Byte arrays this long are compared as Buffers: toEqual walks them element by element.
    const same = (x: Uint8Array, y: Uint8Array) => Buffer.from(x).equals(Buffer.from(y));
    for (const index of [0, 1, 42, 499]) {
      const a = mutate(bytes, layout, 7, index);
      const b = mutate(bytes, layout, 7, index);
      expect(b.label).toBe(a.label);
      expect(same(a.bytes, b.bytes)).toBe(true);
      expect(same(a.bytes, bytes), a.label).toBe(false);
    }
    expect(same(bytes, read(DEFAULT_MODEL))).toBe(true);
  });

  // Fixed seed, so this asserts the generator, not luck: weight bytes convert, structure fails in the reader and after.
  test.each(files)("%s: 200 cases at seed 1 reach all three outcomes", (file) => {
    const tally = fuzzFile(file, read(file), 200, 1);
    expect(tally.failures).toEqual([]);
    expect(tally.converted).toBeGreaterThan(0);
    expect(tally.formatErrors).toBeGreaterThan(0);
    expect(tally.convertErrors).toBeGreaterThan(0);
  });

  test("a tally reports other exceptions and unnamed errors", () => {
    let n = 0;
    const failing = () => {
      n++;
      if (n === 1) throw new TypeError("Cannot read properties of undefined (reading 'low')");
      if (n === 2) throw new ConvertError("something went wrong");
      if (n === 3) throw new TfliteFormatError("at offset 12: bad");
    };
    const tally = fuzzFile(DEFAULT_MODEL, read(DEFAULT_MODEL), 4, 1, 0, failing);
    expect(tally.failures.map((f) => f.problem)).toEqual([
      "escaped TypeError: Cannot read properties of undefined (reading 'low')",
      "message names no offset or op: ConvertError: something went wrong",
    ]);
    expect([tally.converted, tally.formatErrors, tally.convertErrors]).toEqual([1, 1, 1]);
    expect(namesPlace(new ConvertError("operator 3 (CONV_2D): bias has 2 values for 3 filters"))).toBe(true);
  });
});

describe.skipIf(skip)("the corpus: every mutant that once found a bug", () => {
  const corpus = readCorpus();
  test(`${corpus.length} cases are regenerated as they were found, and convert or fail with a named error`, () => {
    expect(corpus.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const c of corpus) {
      const bytes = read(c.file);
      const { label } = fuzzCase(bytes, tfliteLayout(bytes), c.seed, c.index);
      if (label !== c.label)
        problems.push(`${c.file} seed ${c.seed} case ${c.index}: the generator now makes "${label}"`);
      const tally = fuzzFile(c.file, bytes, 1, c.seed, c.index);
      for (const f of tally.failures)
        problems.push(`${c.file} seed ${c.seed} case ${c.index} (${c.found}): ${f.problem}`);
    }
    expect(problems).toEqual([]);
  });
});

describe.skipIf(skip)(`every shared model, mutated at seed ${SEED}`, () => {
  test.each(files)(`%s: ${CASES} mutations convert or fail with a named error within ${CASE_LIMIT_MS} ms`, (file) => {
    const tally = fuzzFile(file, read(file), CASES, SEED);
    console.info(formatTally(tally));
    const again = `npm run fuzz -- --file ${file} --seed ${SEED} --cases ${CASES} --save`;
    expect(
      tally.failures.map((f) => `case ${f.index} (${f.label}): ${f.problem}`),
      again,
    ).toEqual([]);
  });
});
