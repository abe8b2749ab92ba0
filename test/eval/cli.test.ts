// npm run eval end to end: accuracy of the default model on the whole VOC sample, and bad input.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import type { EvalReport } from "@/lib/metrics/report";
import { missingShared, ROOT, VOC, vocIds } from "@/test/helpers/paths";

const run = promisify(execFile);
const tsx = `${ROOT}node_modules/.bin/tsx`;

async function evalCli(args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, ["scripts/eval.ts", ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(missingShared("voc"))("npm run eval", () => {
  test("the 257 model reaches the reference runtimes' mIoU on all 346 pairs", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "eval-")), "report.json");
    const { code, stdout } = await evalCli(["--model", "deeplabv3-257", "--voc", VOC, "--quiet", "--json", out]);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as EvalReport;
    console.log(
      stdout
        .split("\n")
        .filter((l) => l.startsWith("deeplabv3-257"))
        .join("\n"),
    );
    expect(report.pairs).toBe(346);
    expect(report.skipped).toEqual([]);
    expect(report.mIoU).toBeGreaterThanOrEqual(61.6);
  }, 900_000);

  test("bad pairs are reported and skipped, the run goes on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voc-bad-"));
    for (const sub of ["JPEGImages", "SegmentationClass", "ImageSets/Segmentation"])
      mkdirSync(join(dir, sub), { recursive: true });
    const [a, b, c, d] = vocIds(4);
    copyFileSync(`${VOC}/JPEGImages/${a}.jpg`, join(dir, `JPEGImages/${a}.jpg`));
    copyFileSync(`${VOC}/SegmentationClass/${a}.png`, join(dir, `SegmentationClass/${a}.png`));
    writeFileSync(join(dir, `JPEGImages/${b}.jpg`), "this is not a JPEG");
    copyFileSync(`${VOC}/SegmentationClass/${b}.png`, join(dir, `SegmentationClass/${b}.png`));
    copyFileSync(`${VOC}/JPEGImages/${c}.jpg`, join(dir, `JPEGImages/${c}.jpg`));
    copyFileSync(`${VOC}/SegmentationClass/${a}.png`, join(dir, `SegmentationClass/${c}.png`));
    copyFileSync(`${VOC}/JPEGImages/${d}.jpg`, join(dir, `JPEGImages/${d}.jpg`));
    writeFileSync(join(dir, "ImageSets/Segmentation/val.txt"), [a, b, c, d].join("\n") + "\n");
    const out = join(dir, "report.json");
    const { code, stdout } = await evalCli(["--voc", dir, "--quiet", "--json", out]);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as EvalReport;
    expect(report.pairs).toBe(1);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.id, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual([b, c, d].sort());
    expect(reasons[b]).toMatch(/unsupported image format|corrupt|not/i);
    expect(reasons[c]).toMatch(/Ground truth is \d+×\d+ but the image is \d+×\d+/);
    expect(reasons[d]).toMatch(/missing/);
    expect(stdout).toMatch(/3 skipped/);
  }, 300_000);

  test("a missing folder exits non-zero with a message", async () => {
    const { code, stderr } = await evalCli(["--voc", "/nonexistent/voc"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/VOC folder not found: \/nonexistent\/voc/);
  });
});
