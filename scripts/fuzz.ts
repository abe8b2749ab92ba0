/**
 * npm run fuzz -- --cases N [--file name.tflite] [--seed S] [--first K]
 * Converts N seeded mutations of each shared TFLite model (or one), prints the tally per file, and
 * exits 1 if any case throws something other than TfliteFormatError/ConvertError or takes over 1 s.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatTally, fuzzFile } from "@/test/helpers/fuzz";
import { SHARED_MODELS } from "@/test/helpers/paths";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "1000" },
    file: { type: "string" },
    seed: { type: "string", default: "1" },
    first: { type: "string", default: "0" },
  },
});
const [cases, seed, first] = [values.cases, values.seed, values.first].map(Number);
if (![cases, seed, first].every(Number.isInteger) || cases < 1) {
  console.error("usage: npm run fuzz -- --cases N [--file name.tflite] [--seed S] [--first K]");
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
let failed = 0;
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
  failed += tally.failures.length;
}
process.exit(failed ? 1 : 0);
