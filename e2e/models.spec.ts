// The trade-off page (/models) and the Quality control of the Segment page.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import type { EvalReport } from "@/lib/metrics/report";
import { parseManifest, type ModelInfo } from "@/lib/models/manifest";
import { QUALITIES, qualityMode } from "@/lib/models/quality";
import { describeMode, modeKey, parseMode, REFERENCE_MODE } from "@/lib/pipeline/modes";
import { expect, test, VOC } from "@/e2e/fixtures";

const exec = promisify(execFile);
const ID = "2007_000033";
const MANIFEST = parseManifest(JSON.parse(readFileSync("public/models/manifest.json", "utf8")));
const MODELS = MANIFEST.models.filter((m) => !m.cliOnly);
const DEFAULT = MODELS.find((m) => m.id === MANIFEST.default)!;
/** The rows of the scores file for models the page offers, as model + mode. */
const ROWS = (JSON.parse(readFileSync("docs/model-scores.json", "utf8")).scores as { id: string; mode?: string }[])
  .map((r) => ({ model: MODELS.find((m) => m.id === r.id), mode: r.mode ? parseMode(r.mode) : REFERENCE_MODE }))
  .filter((r): r is { model: ModelInfo; mode: typeof REFERENCE_MODE } => r.model !== undefined);

/** npm run eval on one VOC pair in a mode, on the page's kernels and threads (onnxruntime-web's wasm build). */
async function cliMIoU(mode: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "models-e2e-"));
  for (const sub of ["JPEGImages", "SegmentationClass"]) await mkdir(join(dir, sub));
  await symlink(`${VOC}/JPEGImages/${ID}.jpg`, join(dir, `JPEGImages/${ID}.jpg`));
  await symlink(`${VOC}/SegmentationClass/${ID}.png`, join(dir, `SegmentationClass/${ID}.png`));
  const out = join(dir, "report.json");
  const args = ["tsx", "scripts/eval.ts", "--model", DEFAULT.id, "--voc", dir, "--mode", mode];
  await exec("npx", [...args, "--runtime", "wasm", "--threads", "2", "--quiet", "--json", out], {
    maxBuffer: 64 << 20,
  });
  const report = JSON.parse(await readFile(out, "utf8")) as EvalReport;
  expect(report.perImage.map((i) => i.id)).toEqual([ID]);
  return 100 * report.perImage[0].mIoU;
}

async function openModels(page: Page) {
  await page.goto("/models");
  const backend = page.getByLabel("Backend", { exact: true });
  await expect(backend).toBeEnabled();
  await backend.selectOption("WASM");
  return {
    madds: page.getByRole("group", { name: "mIoU against multiply-adds" }),
    latency: page.getByRole("group", { name: "mIoU against latency on this device" }),
    table: page.getByRole("table", { name: "Configurations" }),
  };
}

test("the Quality control re-runs the image in its mode, with the CLI's mIoU for that mode", async ({ page }) => {
  test.setTimeout(600_000);
  const modes = QUALITIES.map((q) => ({ ...q, mode: qualityMode(DEFAULT, q.id) }));
  const keys = modes.map((q) => modeKey(q.mode));
  expect(new Set(keys).size, `the qualities of ${DEFAULT.id} name different modes: ${keys}`).toBeGreaterThan(1);
  const unique = [...new Set(keys)];
  const fromCli = Promise.all(unique.map((key) => cliMIoU(key)));

  await page.goto("/");
  const backend = page.getByLabel("Backend", { exact: true });
  await backend.selectOption("WASM");
  await expect(backend).toHaveValue("wasm");
  const quality = page.getByRole("group", { name: "Quality" });
  const viewer = page.getByRole("figure", { name: "Segmentation result" });
  const mask = page.getByRole("img", { name: "Segmentation mask" });
  const mIoU = page.getByLabel("mIoU", { exact: true });
  await quality.getByRole("radio", { name: modes[0].label, exact: true }).check();
  await page.getByLabel("Upload image", { exact: true }).setInputFiles(`${VOC}/JPEGImages/${ID}.jpg`);
  await expect(viewer).toHaveAttribute("data-runs", "1");
  await page.getByLabel("Upload ground truth", { exact: true }).setInputFiles(`${VOC}/SegmentationClass/${ID}.png`);
  await expect(mIoU).toHaveText(/^\d+\.\d\d%$/);

  const shown: { mIoU: number; mask: string }[] = [];
  for (const [i, q] of modes.entries()) {
    const radio = quality.getByRole("radio", { name: q.label, exact: true });
    await expect(radio).toHaveAccessibleDescription(new RegExp(`^${describeMode(q.mode).replace(/[+.]/g, "\\$&")}`));
    if (i > 0) {
      await radio.check();
      await expect(viewer).toHaveAttribute("data-runs", String(i + 1));
    }
    await expect(radio).toBeChecked();
    // The time of the run just made is shown beside its quality.
    await expect(radio).toHaveAccessibleDescription(/ \d+\.\d ms$/);
    shown.push({
      mIoU: Number((await mIoU.textContent())!.replace("%", "")),
      mask: await mask.evaluate((c) => (c as HTMLCanvasElement).toDataURL()),
    });
  }
  const scored = await fromCli;
  const cli = keys.map((key) => scored[unique.indexOf(key)]);
  modes.forEach((q, i) => {
    console.log(`${q.label} (${keys[i]}): page ${shown[i].mIoU.toFixed(2)}, CLI ${cli[i].toFixed(2)}`);
    expect(Math.abs(shown[i].mIoU - cli[i]), q.label).toBeLessThanOrEqual(0.1);
  });
  for (let i = 1; i < modes.length; i++) {
    if (keys[i] !== keys[i - 1])
      expect(shown[i].mask, `${modes[i].label} changes the mask`).not.toBe(shown[i - 1].mask);
  }
});

test("/models shows a point and a row for every configuration, and the paper's full-val reference", async ({
  page,
}) => {
  expect(ROWS.length).toBeGreaterThan(0);
  const ui = await openModels(page);
  const points = ui.madds.getByRole("link");
  await expect(points).toHaveCount(ROWS.length);
  for (const { model, mode } of ROWS) {
    const name = `${model.name}, ${describeMode(mode)}:`;
    await expect(points.filter({ hasText: name })).toHaveCount(1);
    await expect(
      ui.table.getByRole("link", { name: `Use ${model.name}, ${describeMode(mode)} on the Segment page` }),
    ).toHaveCount(1);
  }
  await expect(points.first()).toHaveAccessibleName(/^.+, .+: \d+\.\d\d% mIoU, \d+\.\d\dB MAdds$/);
  await expect(
    ui.madds.getByRole("img", { name: /^Paper: .*full VOC val: 75\.32% mIoU, 2\.75B MAdds$/ }),
  ).toBeVisible();
  await expect(ui.table.getByRole("row")).toHaveCount(ROWS.length + 1);
  await expect(ui.latency.getByRole("link")).toHaveCount(0);
});

test("Measure on this device fills in every latency; a point applies its model and mode on /", async ({ page }) => {
  test.setTimeout(1_200_000);
  const ui = await openModels(page);
  await page.getByLabel("Timed runs each", { exact: true }).selectOption("1");
  await page.getByRole("button", { name: "Measure on this device" }).click();
  const progress = page.getByRole("progressbar", { name: "Measurement progress" });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveCount(0, { timeout: 1_100_000 });
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveCount(0);
  const points = ui.latency.getByRole("link");
  await expect(points).toHaveCount(ROWS.length);
  await expect(points.first()).toHaveAccessibleName(/: \d+\.\d\d% mIoU, \d+\.\d ms$/);
  const latencies = await ui.table
    .getByRole("row")
    .evaluateAll((rows) => rows.slice(1).map((r) => (r as HTMLTableRowElement).cells[5].textContent));
  expect(latencies).toHaveLength(ROWS.length);
  for (const ms of latencies) expect(ms).toMatch(/^\d+\.\d ms/);

  // A point of another model than the default, applied with the keyboard.
  const target = ROWS.find((r) => r.model.id !== DEFAULT.id) ?? ROWS[0];
  const point = points.filter({ hasText: `${target.model.name}, ${describeMode(target.mode)}:` });
  await point.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/\?model=/);
  const url = new URL(page.url());
  expect(url.searchParams.get("model")).toBe(target.model.id);
  expect(url.searchParams.get("mode")).toBe(modeKey(target.mode));
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue(target.model.id);
  const quality = QUALITIES.find((q) => modeKey(qualityMode(target.model, q.id)) === modeKey(target.mode));
  const radio = page.getByRole("group", { name: "Quality" }).getByRole("radio", { name: quality?.label ?? "Custom" });
  await expect(radio).toBeChecked();
  await expect(radio).toHaveAccessibleDescription(new RegExp(`^${describeMode(target.mode).replace(/[+.]/g, "\\$&")}`));

  // Back on /models, a mouse click on a point that no other point overlaps applies it in turn.
  await page.getByRole("link", { name: "Models", exact: true }).click();
  const madds = page.getByRole("group", { name: "mIoU against multiply-adds" }).getByRole("link");
  await expect(madds).toHaveCount(ROWS.length);
  const marks = await madds.evaluateAll((links) =>
    links.map((l) => ({ name: l.getAttribute("aria-label")!, box: l.getBoundingClientRect().toJSON() as DOMRect })),
  );
  const apart = (a: DOMRect, b: DOMRect) =>
    a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
  const free = marks.find((m) => marks.every((o) => o === m || apart(m.box, o.box)));
  expect(free, "a point no other point overlaps").toBeDefined();
  const row = ROWS.find((r) => free!.name.startsWith(`${r.model.name}, ${describeMode(r.mode)}:`))!;
  await page.getByRole("link", { name: free!.name, exact: true }).click();
  await expect(page).toHaveURL(`/?${new URLSearchParams({ model: row.model.id, mode: modeKey(row.mode) })}`);
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue(row.model.id);
});
