// npm run eval -- --model-file: the page's conversion of a user's .tflite, scored in Node like a built-in model.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import type { EvalReport } from "@/lib/metrics/report";
import { twoClassModel } from "@/test/helpers/custom-models";
import { missingShared, ROOT, SHARED_MODELS, VOC } from "@/test/helpers/paths";

const run = promisify(execFile);

async function evalCli(args: string[]) {
  try {
    const { stdout, stderr } = await run(`${ROOT}node_modules/.bin/tsx`, ["scripts/eval.ts", ...args], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dir = mkdtempSync(join(tmpdir(), "model-file-"));

describe.skipIf(missingShared("voc") || missingShared("models"))("npm run eval -- --model-file", () => {
  test("the dr .tflite scores as --model mnv2-dm05-513-dr on 20 pairs", async () => {
    const report = async (args: string[], name: string) => {
      const out = join(dir, name);
      const { code, stderr } = await evalCli([...args, "--voc", VOC, "--limit", "20", "--quiet", "--json", out]);
      expect(code, stderr).toBe(0);
      return JSON.parse(readFileSync(out, "utf8")) as EvalReport;
    };
    const file = await report(
      ["--model-file", `${SHARED_MODELS}/lite-model_mobilenetv2-dm05-coco_dr_1.tflite`],
      "f.json",
    );
    const builtin = await report(["--model", "mnv2-dm05-513-dr"], "b.json");
    expect(file.pairs).toBe(20);
    expect(file.model.name).toBe("lite-model_mobilenetv2-dm05-coco_dr_1.tflite (your own)");
    console.log(`--model-file mIoU ${file.mIoU.toFixed(4)}, --model ${builtin.mIoU.toFixed(4)}`);
    expect(file.mIoU).toBe(builtin.mIoU);
    expect(file.perClass).toEqual(builtin.perClass);
  }, 600_000);
});

describe("bad --model-file", () => {
  test("a text file exits 2 naming it", async () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, "not a model\n");
    const { code, stderr } = await evalCli(["--model-file", path, "--voc", VOC]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"notes\.txt" is not a TFLite model/);
  });

  test("a 2-class model is refused for a VOC set, naming its classes", async () => {
    const path = join(dir, "two.tflite");
    const labels = join(dir, "two.txt");
    writeFileSync(path, twoClassModel());
    writeFileSync(labels, "cool\nwarm\n");
    const { code, stderr } = await evalCli(["--model-file", path, "--labels", labels, "--voc", VOC]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/two\.tflite: its 2 classes \(cool, warm\) are not VOC's 21/);
  });
});
