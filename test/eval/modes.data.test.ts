// npm run eval in accuracy modes on the whole VOC sample: flip lifts the 257 model, padding the 513 fp16 model.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import type { EvalReport } from "@/lib/metrics/report";
import { missingShared, ROOT, VOC } from "@/test/helpers/paths";

const run = promisify(execFile);
const tsx = `${ROOT}node_modules/.bin/tsx`;

async function evalMode(model: string, args: string[]): Promise<EvalReport> {
  const out = join(mkdtempSync(join(tmpdir(), "eval-modes-")), "report.json");
  const t0 = performance.now();
  await run(tsx, ["scripts/eval.ts", "--model", model, "--voc", VOC, "--quiet", "--json", out, ...args], {
    cwd: ROOT,
    maxBuffer: 64 << 20,
  });
  const report = JSON.parse(readFileSync(out, "utf8")) as EvalReport;
  console.log(
    `${model} ${report.mode?.key}: mIoU ${report.mIoU.toFixed(2)} over ${report.pairs} pairs, ` +
      `${report.mode?.inferencesPerImage} inferences per image, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  expect(report.pairs).toBe(346);
  expect(report.skipped).toEqual([]);
  return report;
}

describe.skipIf(missingShared("models") || missingShared("voc"))("npm run eval in accuracy modes", () => {
  test("deeplabv3-257 with flip reaches 62.0 mIoU", async () => {
    const report = await evalMode("deeplabv3-257", ["--flip"]);
    expect(report.mode).toEqual({
      key: "stretch+flip",
      description: "stretch to square + flip",
      inferencesPerImage: 2,
    });
    expect(report.mIoU).toBeGreaterThanOrEqual(62.0);
  }, 900_000);

  test("mnv2-dm05-513-fp16 padded to square reaches 77.5 mIoU", async () => {
    const report = await evalMode("mnv2-dm05-513-fp16", ["--fit", "pad", "--threads", "2"]);
    expect(report.mode).toEqual({ key: "pad", description: "pad to square", inferencesPerImage: 1 });
    expect(report.mIoU).toBeGreaterThanOrEqual(77.5);
  }, 900_000);

  test("the best configuration of the models table is reproduced: mnv2-dm05-513-fp16 pad+flip@0.75,1,1.25 ≥ 79.0", async () => {
    const table = JSON.parse(readFileSync(`${ROOT}docs/model-scores.json`, "utf8")) as {
      scores: { id: string; mode: string; mIoU: number }[];
    };
    const best = table.scores.reduce((a, b) => (b.mIoU > a.mIoU ? b : a));
    expect([best.id, best.mode]).toEqual(["mnv2-dm05-513-fp16", "pad+flip@0.75,1,1.25"]);
    const report = await evalMode(best.id, ["--mode", best.mode, "--threads", "2"]);
    expect(report.mode?.inferencesPerImage).toBe(6);
    expect(report.mIoU).toBeGreaterThanOrEqual(79.0);
    // The models table's figure (docs/models.md) is this run's.
    expect(Math.abs(report.mIoU - best.mIoU)).toBeLessThan(0.005);
  }, 900_000);

  test("bad mode options exit 2 with a message", async () => {
    for (const [args, message] of [
      [["--fit", "crop"], /--fit must be stretch, pad, native, got "crop"/],
      [["--scales", "0.75,big"], /scales must be numbers separated by commas, got "0.75,big"/],
      [["--mode", "pad@1,1"], /scales repeat/],
      [["--mode", "pad", "--flip"], /give either --mode or --fit\/--flip\/--scales/],
    ] as const) {
      const error = await run(tsx, ["scripts/eval.ts", "--voc", VOC, "--limit", "1", ...args], { cwd: ROOT }).then(
        () => ({ code: 0, stderr: "" }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(error.code, args.join(" ")).toBe(2);
      expect(error.stderr).toMatch(message);
    }
  });
});

test("the committed models table: every 513 px model's best mode gains at least 1.5 mIoU over its reference", () => {
  const table = JSON.parse(readFileSync(`${ROOT}docs/model-scores.json`, "utf8")) as {
    scores: { id: string; mode: string; mIoU: number }[];
    models: { id: string; best: string }[];
  };
  const manifest = JSON.parse(readFileSync(`${ROOT}public/models/manifest.json`, "utf8")) as {
    models: { id: string; inputSize: number }[];
  };
  const big = manifest.models.filter((m) => m.inputSize === 513);
  expect(big.length).toBeGreaterThan(0);
  for (const m of big) {
    const row = (mode: string) => table.scores.find((r) => r.id === m.id && r.mode === mode)!;
    const best = row(table.models.find((x) => x.id === m.id)!.best);
    expect(best.mIoU - row("stretch").mIoU, m.id).toBeGreaterThanOrEqual(1.5);
  }
});
