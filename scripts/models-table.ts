/**
 * npm run models:table: scores every manifest model on the VOC sample with the CLI evaluator and
 * rewrites the README's models table and docs/model-scores.json from the results.
 * Usage: npm run models:table -- [--voc dir] [--limit N]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildModels } from "@/scripts/build-models";
import { evaluate } from "@/scripts/eval";

const root = resolve(import.meta.dirname ?? ".", "..");
const START = "<!-- models-table:start -->";
const END = "<!-- models-table:end -->";

export interface ModelScore {
  id: string;
  mIoU: number;
  mAcc: number;
  aAcc: number;
  pairs: number;
  medianInferenceMs: number;
  /** mIoU of the file the page loads, where that is a float twin rather than the model's own file. */
  pageMIoU?: number;
}

async function main() {
  const { values } = parseArgs({ options: { voc: { type: "string" }, limit: { type: "string" } } });
  const voc = values.voc ?? resolve(root, "../shared/voc-sample");
  const limit = values.limit ? Number(values.limit) : undefined;
  const manifest = await buildModels();
  const scores: ModelScore[] = [];
  for (const model of manifest.models) {
    const r = await evaluate({ model: model.id, voc, limit, threads: 2 });
    console.log(
      `${model.id}: mIoU ${r.mIoU.toFixed(2)} over ${r.pairs} pairs, median inference ${r.medianMs.inference.toFixed(1)} ms`,
    );
    const page = model.browser
      ? await evaluate({ model: model.id, voc, limit, threads: 2, browserFile: true })
      : undefined;
    if (page) console.log(`${model.id} as the page loads it (${model.browser!.file}): mIoU ${page.mIoU.toFixed(2)}`);
    scores.push({
      id: model.id,
      mIoU: r.mIoU,
      mAcc: r.mAcc,
      aAcc: r.aAcc,
      pairs: r.pairs,
      medianInferenceMs: r.medianMs.inference,
      pageMIoU: page?.mIoU,
    });
  }
  writeFileSync(
    resolve(root, "docs/model-scores.json"),
    JSON.stringify({ voc: "voc-sample (346 of the 1449 VOC2012 val images)", scores }, null, 2) + "\n",
  );

  const cpu = `${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${cpus().length} cores`;
  const rows = manifest.models.map((m) => {
    const s = scores.find((x) => x.id === m.id)!;
    return (
      `| \`${m.id}\`${m.id === manifest.default ? " (default)" : ""}${m.cliOnly ? " (CLI only)" : ""} | ${m.name} | ${m.inputSize} | ${m.outputStride} | ` +
      `${m.precision} | ${(m.params / 1e6).toFixed(3)}M | ${(m.madds / 1e9).toFixed(3)}B | ${(m.bytes / 2 ** 20).toFixed(1)} MB | ` +
      `${s.mIoU.toFixed(2)} | ${s.mAcc.toFixed(2)} | ${s.aAcc.toFixed(2)} | ${m.cliOnly ? "–" : (s.pageMIoU ?? s.mIoU).toFixed(2)} | ${s.medianInferenceMs.toFixed(1)} |`
    );
  });
  const table = [
    START,
    `Scored by \`npm run models:table\` on ${scores[0]?.pairs ?? 0} pairs of \`../shared/voc-sample\` (346 of the 1449 VOC2012 val images, so not directly comparable with full-val figures), ` +
      `full-resolution scoring, 255 ignored. The paper's Mobile DeepLabv3 (MobileNetV2 ×1.0, OS16, 513 px) reports **75.32 mIoU** on the full val set with 2.11M params and 2.75B MAdds. ` +
      `Latency: median onnxruntime-node inference, 2 threads, ${cpu}. ` +
      "Page mIoU: the file the page loads, which for QDQ models is a plain float twin (`npm run eval -- --browser-file`).",
    "",
    "| id | model | input | OS | source precision | params | MAdds | ONNX size | mIoU | mAcc | aAcc | page mIoU | ms (node) |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    END,
  ].join("\n");
  const readmePath = resolve(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  writeFileSync(readmePath, readme.slice(0, start) + table + readme.slice(end + END.length));
  console.log("README.md models table and docs/model-scores.json updated");
}

main().catch((error) => {
  console.error(`models:table failed: ${(error as Error).message}`);
  process.exit(1);
});
