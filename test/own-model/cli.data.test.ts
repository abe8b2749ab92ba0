// npm run eval -- --model-file: the page's conversion of a user's .tflite, scored in Node like a built-in model.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import type { EvalReport } from "@/lib/metrics/report";
import { twoClassModel } from "@/test/helpers/own-models";
import { missingShared, ROOT, SHARED_MODELS, VOC, vocIds } from "@/test/helpers/paths";
import { decode } from "fast-png";

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

describe.skipIf(missingShared("voc"))("a model of other classes", () => {
  test("scores over the classes it shares with VOC, as counted here from its saved masks", async () => {
    const path = join(dir, "three.tflite");
    const labels = join(dir, "three.txt");
    const masks = join(dir, "masks");
    writeFileSync(path, twoClassModel(33, 3));
    writeFileSync(labels, "background\nperson\ngrass\n");
    const out = join(dir, "three.json");
    const args = ["--model-file", path, "--labels", labels, "--voc", VOC, "--limit", "5", "--json", out];
    const { code, stdout, stderr } = await evalCli([...args, "--save-masks", masks]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("shares 2 of VOC's 21 classes; scored over those only: background, person.");
    const report = JSON.parse(readFileSync(out, "utf8")) as EvalReport;
    expect(report.perClass.filter((c) => c.iou !== null).map((c) => c.class)).toEqual(["background", "person"]);

    // Ground truth of other VOC classes does not count; a "grass" pixel is a miss for its true class.
    const toVoc = [0, 15, -1];
    const [tp, gt, pred] = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
    const add = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const id of vocIds(5)) {
      const truth = decode(readFileSync(`${VOC}/SegmentationClass/${id}.png`)).data;
      const mask = decode(readFileSync(join(masks, `${id}.png`))).data;
      for (let i = 0; i < truth.length; i++) {
        const g = truth[i];
        if (g !== 0 && g !== 15) continue;
        const p = toVoc[mask[i]];
        add(gt, g);
        if (p >= 0) add(pred, p);
        if (p === g) add(tp, g);
      }
    }
    const iou = (k: number) => (tp.get(k) ?? 0) / ((gt.get(k) ?? 0) + (pred.get(k) ?? 0) - (tp.get(k) ?? 0));
    expect(report.mIoU).toBeCloseTo((100 * (iou(0) + iou(15))) / 2, 2);
  }, 300_000);
});

describe("bad --model-file", () => {
  test("a text file exits 2 naming it", async () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, "not a model\n");
    const { code, stderr } = await evalCli(["--model-file", path, "--voc", VOC]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"notes\.txt" is not a TFLite model/);
  });

  test("a model sharing no class with VOC is refused, naming its classes", async () => {
    const path = join(dir, "two.tflite");
    const labels = join(dir, "two.txt");
    writeFileSync(path, twoClassModel());
    writeFileSync(labels, "cool\nwarm\n");
    const { code, stderr } = await evalCli(["--model-file", path, "--labels", labels, "--voc", VOC]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/two\.tflite cannot be scored on a VOC set: none of its 2 classes \(cool, warm\)/);
  });
});
