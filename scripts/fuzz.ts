/**
 * npm run fuzz -- --cases N [--file name.tflite] [--seed S] [--first K] [--save]
 * Converts N seeded mutations of each shared TFLite model (or one), prints the tally per file, and
 * exits 1 if any case throws something other than TfliteFormatError/ConvertError or takes over 1 s.
 * The seed is random unless given; --save adds every failing case to test/convert/fuzz-corpus.json.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatTally, fuzzFile, saveToCorpus, type CorpusCase } from "@/test/helpers/fuzz";
import { SHARED_MODELS } from "@/test/helpers/paths";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "1000" },
    file: { type: "string" },
    seed: { type: "string", default: String(1 + Math.floor(Math.random() * 0x7ffffffe)) },
    first: { type: "string", default: "0" },
    save: { type: "boolean", default: false },
  },
});
const [cases, seed, first] = [values.cases, values.seed, values.first].map(Number);
if (![cases, seed, first].every(Number.isInteger) || cases < 1) {
  console.error("usage: npm run fuzz -- --cases N [--file name.tflite] [--seed S] [--first K] [--save]");
  process.exit(2);
}
if (!existsSync(SHARED_MODELS)) {
  console.error(`models folder ${SHARED_MODELS} is missing (set SHARED_DIR)`);
  process.exit(2);
}
const files = values.file
  ? [values.file]
  : readdirSync(SHARED_MODELS)
      .filter((f) => f.endsWith(".tflite"))
      .sort();
console.log(`seed ${seed}`);
const found: CorpusCase[] = [];
for (const file of files) {
  const path = `${SHARED_MODELS}/${file}`;
  if (!existsSync(path)) {
    console.error(`${path} is missing`);
    process.exit(2);
  }
  const tally = fuzzFile(file, new Uint8Array(readFileSync(path)), cases, seed, first);
  console.log(formatTally(tally));
  for (const f of tally.failures.slice(0, 20)) console.log(`  case ${f.index} (${f.label}): ${f.problem}`);
  if (tally.failures.length > 20) console.log(`  … and ${tally.failures.length - 20} more`);
  found.push(...tally.failures.map((f) => ({ file, seed, index: f.index, label: f.label, found: f.problem })));
}
if (values.save && found.length) console.log(`${saveToCorpus(found)} new cases saved to the corpus`);
process.exit(found.length ? 1 : 0);
