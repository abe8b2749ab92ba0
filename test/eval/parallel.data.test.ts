// npm run eval on several cores and several machines: --workers and --shard + eval:merge equal a plain run exactly.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import type { RunReport } from "@/lib/eval";
import { missingShared, ROOT, VOC } from "@/test/helpers/paths";

const run = promisify(execFile);
const tsx = `${ROOT}node_modules/.bin/tsx`;
const dir = mkdtempSync(join(tmpdir(), "eval-parallel-"));

async function cli(script: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, [script, ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs `npm run eval` on the whole sample with extra arguments; returns its report and wall time. */
async function evalRun(name: string, args: string[]) {
  const out = join(dir, `${name}.json`);
  const t0 = performance.now();
  const { code, stderr } = await cli("scripts/eval.ts", ["--voc", VOC, "--quiet", "--json", out, ...args]);
  expect(stderr.replace(/npm warn.*\n/g, "")).toBe("");
  expect(code).toBe(0);
  console.log(`eval ${args.join(" ") || "(plain)"}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return JSON.parse(readFileSync(out, "utf8")) as RunReport;
}

const perImage = (r: RunReport) => Object.fromEntries(r.perImage.map((i) => [i.id, [i.width, i.height, i.mIoU]]));

describe.skipIf(missingShared("voc"))("eval --workers, --shard and eval:merge", () => {
  const reports: Record<string, RunReport> = {};
  beforeAll(async () => {
    reports.plain = await evalRun("plain", []);
    reports.workers = await evalRun("workers", ["--workers", "2"]);
    reports.shard0 = await evalRun("shard0", ["--shard", "0/2"]);
    reports.shard1 = await evalRun("shard1", ["--shard", "1/2"]);
  }, 1_200_000);

  test("a plain run scores all 346 pairs", () => {
    expect(reports.plain.pairs).toBe(346);
    expect(reports.plain.skipped).toEqual([]);
  });

  test("--workers 2 gives the plain run's confusion matrix cell for cell, and its per-image scores", () => {
    expect(reports.workers.workers).toBe(2);
    expect(reports.workers.confusion).toEqual(reports.plain.confusion);
    expect(perImage(reports.workers)).toEqual(perImage(reports.plain));
    expect(reports.workers.mIoU).toBe(reports.plain.mIoU);
  });

  test("--shard 0/2 and 1/2 split the pairs; eval:merge sums them back to the plain run", async () => {
    expect(reports.shard0.shard).toEqual({ index: 0, count: 2 });
    expect([reports.shard0.pairs, reports.shard1.pairs]).toEqual([173, 173]);
    expect(reports.shard0.confusion).not.toEqual(reports.plain.confusion);
    const out = join(dir, "merged.json");
    const { code, stdout } = await cli("scripts/eval-merge.ts", [
      join(dir, "shard1.json"),
      join(dir, "shard0.json"),
      "--json",
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("merged 2 reports: 346 pairs, 0 skipped");
    const merged = JSON.parse(readFileSync(out, "utf8")) as RunReport;
    expect(merged.confusion).toEqual(reports.plain.confusion);
    expect(perImage(merged)).toEqual(perImage(reports.plain));
    expect([merged.mIoU, merged.mAcc, merged.aAcc]).toEqual([
      reports.plain.mIoU,
      reports.plain.mAcc,
      reports.plain.aAcc,
    ]);
    expect(merged.perClass).toEqual(reports.plain.perClass);
  });

  test("eval:merge refuses incomplete, overlapping, foreign and hostile reports with exit 2 and a message", async () => {
    const [s0, s1] = [join(dir, "shard0.json"), join(dir, "shard1.json")];
    const write = (name: string, value: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
      return path;
    };
    const otherModel = write("other.json", { ...reports.shard1, model: { ...reports.shard1.model, id: "x" } });
    const cells = reports.shard1.confusion.map((row) => [...row]);
    cells[3][4] = 1.5;
    const fractional = write("fractional.json", { ...reports.shard1, confusion: cells });
    const cases: [string[], string][] = [
      [[s0], "shard 1/2 missing"],
      [[s0, s0], "are both shard 0/2"],
      [[s0, otherModel], "scores x but"],
      [[s0, fractional], "confusion matrix holds a value that is not a pixel count"],
      [[s0, write("truncated.json", readFileSync(s1, "utf8").slice(0, 500))], "is not JSON"],
      [[s0, write("square.json", { ...reports.shard1, confusion: [[1, 2]] })], "confusion matrix is not 1×1"],
      [[s0, join(dir, "absent.json")], "cannot read"],
      [[s0, write("images.json", { ...reports.shard1, perImage: [{ id: "x" }] })], "perImage is not a list of images"],
    ];
    for (const [files, message] of cases) {
      const { code, stderr } = await cli("scripts/eval-merge.ts", files);
      expect(stderr).toContain(message);
      expect(code).toBe(2);
    }
  });

  test("bad --workers and --shard values exit 2 naming the flag", async () => {
    for (const [args, message] of [
      [["--workers", "0"], "--workers must be"],
      [["--shard", "2/2"], "--shard must be k/n"],
      [["--shard", "a"], "--shard must be k/n"],
    ] as const) {
      const { code, stderr } = await cli("scripts/eval.ts", ["--voc", VOC, ...args]);
      expect(stderr).toContain(message);
      expect(code).toBe(2);
    }
  });
});
