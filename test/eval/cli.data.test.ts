// npm run eval end to end: accuracy of the default model on the whole VOC sample, and bad input.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import type { EvalReport } from "@/lib/metrics/report";
import { buildModels } from "@/scripts/build-models";
import { jpegDeclaring, zeroPng } from "@/test/helpers/bombs";
import { missingShared, ROOT, VOC, vocIds } from "@/test/helpers/paths";

const run = promisify(execFile);
const tsx = `${ROOT}node_modules/.bin/tsx`;

async function evalCli(args: string[], env: Record<string, string> = {}) {
  try {
    const options = { cwd: ROOT, maxBuffer: 64 << 20, env: { ...process.env, ...env } };
    const { stdout, stderr } = await run(tsx, ["scripts/eval.ts", ...args], options);
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

  test("bad pairs, bombs included, are reported and skipped; the run goes on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voc-bad-"));
    for (const sub of ["JPEGImages", "SegmentationClass", "ImageSets/Segmentation"]) {
      mkdirSync(join(dir, sub), { recursive: true });
    }
    const [a, b, c, d, e, f] = vocIds(6);
    const image = (id: string, from = id) =>
      copyFileSync(`${VOC}/JPEGImages/${from}.jpg`, join(dir, `JPEGImages/${id}.jpg`));
    const mask = (id: string, from = id) =>
      copyFileSync(`${VOC}/SegmentationClass/${from}.png`, join(dir, `SegmentationClass/${id}.png`));
    image(a);
    mask(a);
    writeFileSync(join(dir, `JPEGImages/${b}.jpg`), "this is not a JPEG");
    mask(b);
    image(c);
    mask(c, a);
    image(d);
    // Decompression bombs: a mask and an image whose headers declare 30000×30000 and 65000×48000 pixels.
    image(e);
    writeFileSync(join(dir, `SegmentationClass/${e}.png`), zeroPng(30000, 30000));
    writeFileSync(join(dir, `JPEGImages/${f}.jpg`), await jpegDeclaring(65000, 48000));
    mask(f);
    writeFileSync(join(dir, "ImageSets/Segmentation/val.txt"), [a, b, c, d, e, f].join("\n") + "\n");
    const out = join(dir, "report.json");
    const t0 = performance.now();
    const { code, stdout } = await evalCli(["--voc", dir, "--json", out]);
    console.log(`bad-pairs run: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as EvalReport;
    expect(report.pairs).toBe(1);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.id, s.reason]));
    const size = (id: string) =>
      JSON.parse(readFileSync(`${VOC}/manifest.json`, "utf8")).find((m: { id: string }) => m.id === id);
    const [sa, sc] = [size(a), size(c)];
    expect(reasons).toEqual({
      [b]: `"${b} image" is not a JPEG, PNG or WebP image (its contents are not an image format this app reads).`,
      [c]: `Ground truth is ${sa.width}×${sa.height} but the image is ${sc.width}×${sc.height}`,
      [d]: "listed in val.txt but its image or mask is missing",
      [e]: "Ground-truth mask declares 30000×30000 pixels (900 MP); images over 100 MP or 16384 px a side are refused.",
      [f]: `"${f} image" declares 65000×48000 pixels (3120 MP); images over 100 MP or 16384 px a side are refused.`,
    });
    for (const [id, reason] of Object.entries(reasons)) expect(stdout).toContain(`skip ${id}: ${reason}`);
    expect(stdout).toMatch(/5 skipped/);
  }, 300_000);

  test("a model file onnxruntime refuses exits 1 naming the file", { timeout: 600_000 }, async () => {
    // The built models, with the default one replaced by garbage; the manifest is copied, the rest linked.
    await buildModels();
    const models = mkdtempSync(join(tmpdir(), "models-bad-"));
    for (const f of readdirSync(`${ROOT}public/models`)) {
      if (f === "manifest.json") copyFileSync(`${ROOT}public/models/${f}`, join(models, f));
      else if (f !== "deeplabv3-257.onnx") symlinkSync(`${ROOT}public/models/${f}`, join(models, f));
    }
    writeFileSync(join(models, "deeplabv3-257.onnx"), "this is not an ONNX model");
    const { code, stderr } = await evalCli(["--voc", VOC, "--limit", "1"], { MODELS_OUT: models });
    console.log(stderr.trim());
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`^eval: onnxruntime refused the model file ${models}/deeplabv3-257\\.onnx: \\S`, "m"),
    );
  });

  test("a missing folder exits non-zero with a message", async () => {
    const { code, stderr } = await evalCli(["--voc", "/nonexistent/voc"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/VOC folder not found: \/nonexistent\/voc/);
  });
});
