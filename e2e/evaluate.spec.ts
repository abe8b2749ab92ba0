// The evaluation page against the CLI (npm run eval) on the same VOC pairs.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Download, Page } from "@playwright/test";
import { encode } from "fast-png";
import type { EvalReport } from "@/lib/metrics/report";
import { expect, test, VOC } from "@/e2e/fixtures";

const exec = promisify(execFile);
const IDS = readFileSync(`${VOC}/ImageSets/Segmentation/val.txt`, "utf8").split(/\r?\n/).filter(Boolean);
const SIZES = new Map<string, { width: number; height: number }>(
  (JSON.parse(readFileSync(`${VOC}/manifest.json`, "utf8")) as { id: string; width: number; height: number }[]).map(
    (e) => [e.id, e],
  ),
);
const imagePath = (id: string) => `${VOC}/JPEGImages/${id}.jpg`;
const maskPath = (id: string) => `${VOC}/SegmentationClass/${id}.png`;
const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), prefix));
/** The page's thread count: on WASM, /evaluate runs as many single-threaded sessions. */
const THREADS = 2;

/**
 * npm run eval on the first `limit` pairs of val.txt. `wasm` runs onnxruntime-web's kernels in Node at the
 * thread count of the page's sessions (on WASM, /evaluate runs one single-threaded session per thread, see
 * lanesFor), so the page must match it exactly; `native` (onnxruntime-node) may flip near-ties.
 */
async function cli(limit: number, runtime: "wasm" | "native" = "wasm"): Promise<EvalReport> {
  const out = join(await tempDir("eval-cli-"), "report.json");
  const args = ["tsx", "scripts/eval.ts", "--model", "deeplabv3-257", "--voc", VOC, "--limit", String(limit)];
  args.push("--runtime", runtime, "--threads", "1", "--quiet", "--json", out);
  await exec("npx", args, { cwd: process.cwd(), maxBuffer: 64 << 20 });
  return JSON.parse(await readFile(out, "utf8"));
}

async function openPage(page: Page) {
  await page.goto(`/evaluate?threads=${THREADS}`);
  // The backend can be chosen once the model list (and the browser's defaults) are in.
  await expect(page.getByRole("combobox", { name: "Model" })).toBeEnabled();
  const backend = page.getByRole("combobox", { name: "Backend" });
  await backend.selectOption("WASM");
  await expect(backend).toHaveValue("wasm");
}

async function choosePairs(page: Page, ids: string[]) {
  await page.getByLabel("Choose images", { exact: true }).setInputFiles(ids.map(imagePath));
  await page.getByLabel("Choose masks", { exact: true }).setInputFiles(ids.map(maskPath));
  await expect(page.getByText(`${ids.length} pairs`, { exact: true })).toBeVisible();
}

async function runToEnd(page: Page) {
  await page.getByRole("button", { name: "Run evaluation" }).click();
  await expect(page.getByRole("heading", { name: /^Results · Run \d+$/ })).toBeVisible();
}

/** A value of the results summary (<dd> labelled by its <dt>). */
const summary = (page: Page, term: string) =>
  page.getByRole("region", { name: /^Results/ }).getByLabel(term, { exact: true });
const percent = (text: string) => (text === "–" ? null : Number(text.replace("%", "")));

/** The "Per-class IoU" table as [class, IoU text, Acc text] rows. */
async function classRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole("table", { name: "Per-class IoU" }).getByRole("row");
  await expect(rows).toHaveCount(22);
  const cells = await rows.evaluateAll((trs) =>
    trs.slice(1).map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent ?? "")),
  );
  return cells.map((c) => c.slice(0, 3));
}

/** The page's metrics agree with the CLI's within 0.05 mIoU points and 0.2 IoU points per class. */
async function expectSameMetrics(page: Page, expected: EvalReport) {
  await expect(summary(page, "Pairs")).toHaveText(String(expected.pairs));
  const mIoU = percent((await summary(page, "mIoU").textContent())!)!;
  console.log(`mIoU: page ${mIoU.toFixed(2)}, CLI ${expected.mIoU.toFixed(4)} over ${expected.pairs} pairs`);
  expect(Math.abs(mIoU - expected.mIoU)).toBeLessThanOrEqual(0.05);
  const rows = await classRows(page);
  rows.forEach(([name, iou], k) => {
    expect(name).toBe(expected.perClass[k].class);
    const want = expected.perClass[k].iou;
    if (want === null) expect(iou, name).toBe("–");
    else expect(Math.abs(percent(iou)! - want), name).toBeLessThanOrEqual(0.2);
  });
}

async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
  return readFile((await (file as Download).path())!, "utf8");
}

test("25 pairs chosen as files score as the CLI does, down to the confusion matrix", async ({ page }) => {
  const ids = IDS.slice(0, 25);
  const fromCli = cli(25);
  const downloads: string[] = [];
  page.on("request", (r) => void (/\.onnx(\?|$)/.test(r.url()) && downloads.push(r.url())));
  await openPage(page);
  await choosePairs(page, ids);
  await runToEnd(page);
  const expected = await fromCli;
  await expectSameMetrics(page, expected);

  const report = JSON.parse(await download(page, "Download JSON")) as EvalReport & { status: string; workers?: number };
  expect(report).toMatchObject({
    app: "deeplab-web",
    pairs: 25,
    status: "complete",
    backend: "onnxruntime-web wasm",
    threads: 1,
    workers: THREADS,
    model: { id: "deeplabv3-257" },
  });
  await expect(summary(page, "Backend")).toHaveText(`onnxruntime-web wasm, ${THREADS} sessions × 1 thread`);
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.getByRole("cell", { name: `wasm, ${THREADS} sessions × 1 thread` })).toBeVisible();
  expect(downloads, "one download of the model serves every session").toHaveLength(1);
  expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(report.perImage.map((i) => i.id)).toEqual(ids);
  // The page and the CLI share the evaluation core and the kernels: every cell is the same.
  expect(report.confusion).toEqual(expected.confusion);
  expect(report.perImage.map((i) => [i.id, i.mIoU, i.aAcc])).toEqual(
    expected.perImage.map((i) => [i.id, i.mIoU, i.aAcc]),
  );
  // Native onnxruntime-node rounds differently from the WASM kernels; docs/testing.md quotes this bound.
  const native = await cli(25, "native");
  const moved = native.confusion.flat().reduce((sum, v, k) => sum + Math.abs(v - report.confusion.flat()[k]), 0) / 2;
  const total = native.confusion.flat().reduce((a, b) => a + b);
  console.log(`page vs onnxruntime-node: ${moved} of ${total} px moved`);
  expect(moved / total).toBeLessThan(1e-5);

  // Sorting by per-image mIoU puts the worst image first.
  const sort = page.getByRole("button", { name: "Sort by mIoU" });
  await sort.click();
  await expect(page.getByRole("columnheader", { name: "Sort by mIoU" })).toHaveAttribute("aria-sort", "ascending");
  const worst = [...report.perImage].sort((a, b) => a.mIoU - b.mIoU)[0].id;
  const images = page.getByRole("table", { name: "Images" });
  await expect(
    images
      .getByRole("row")
      .nth(1)
      .getByRole("button", { name: `Open ${worst} on the Segment page` }),
  ).toBeVisible();

  // Leaving the page ends the workers of the run's own sessions (the stage worker stays for the Segment page).
  let closed = 0;
  for (const worker of page.workers()) worker.once("close", () => closed++);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Segment" }).click();
  await expect.poll(() => closed).toBe(THREADS);
});

test("Cancel stops the run and keeps partial results equal to the CLI's on the same pairs", async ({ page }) => {
  const ids = IDS.slice(0, 60);
  await openPage(page);
  await choosePairs(page, ids);
  await page.getByRole("button", { name: "Run evaluation" }).click();
  const progress = page.getByRole("progressbar", { name: "Evaluation progress" });
  await expect
    .poll(async () => Number(await progress.getAttribute("value")), { intervals: [50] })
    .toBeGreaterThanOrEqual(3);
  await page.getByRole("button", { name: "Cancel" }).click();
  const note = page.getByRole("note").filter({ hasText: "Partial results" });
  await expect(note).toHaveText(/^Partial results: cancelled after \d+ of 60 pairs\.$/);
  const n = Number((await note.textContent())!.match(/after (\d+) of/)![1]);
  expect(n).toBeGreaterThanOrEqual(3);
  expect(n).toBeLessThan(60);
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  await expectSameMetrics(page, await cli(n));
});

test("Download CSV has the per-class rows shown in the Per-class IoU table", async ({ page }) => {
  await openPage(page);
  await choosePairs(page, IDS.slice(0, 6));
  await runToEnd(page);
  const sections = (await download(page, "Download CSV"))
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((s) => s.split(/\r?\n/).map((l) => l.split(",")));
  expect(sections).toHaveLength(4);
  const [meta, perClass, perImage] = sections;
  const value = (key: string) => meta.find((r) => r[0] === key)?.[1];
  expect(value("pairs")).toBe("6");
  expect(value("model")).toBe("deeplabv3-257");
  await expect(summary(page, "mIoU")).toHaveText(`${Number(value("mIoU")).toFixed(2)}%`);
  expect(perClass[0]).toEqual(["class", "iou", "acc", "gt_pixels", "pred_pixels"]);
  const fixed = (v: string) => (v === "" ? "–" : Number(v).toFixed(2));
  expect(perClass.slice(1).map(([name, iou, acc]) => [name, fixed(iou), fixed(acc)])).toEqual(await classRows(page));
  expect(perImage.slice(1).map((r) => r[0])).toEqual(IDS.slice(0, 6));
});

test("bad pairs are listed as skipped with their reasons and the rest are scored", async ({ page }) => {
  const dir = await tempDir("eval-bad-");
  const [good1, good2, textImage, wrongSize, rgbMask, grayMask, noMask, noImage] = IDS.slice(0, 8);
  const other = IDS.find((id) => SIZES.get(id)!.height !== SIZES.get(wrongSize)!.height)!;
  const images = [good1, good2, textImage, wrongSize, rgbMask, grayMask, noMask].map((id) => join(dir, `${id}.jpg`));
  const masks = [good1, good2, textImage, wrongSize, rgbMask, grayMask, noImage].map((id) => join(dir, `${id}.png`));
  for (const id of [good1, good2, wrongSize, rgbMask, grayMask, noMask])
    await copyFile(imagePath(id), join(dir, `${id}.jpg`));
  for (const id of [good1, good2, textImage, noImage]) await copyFile(maskPath(id), join(dir, `${id}.png`));
  await writeFile(join(dir, `${textImage}.jpg`), "this is a text file, not a JPEG\n");
  await copyFile(maskPath(other), join(dir, `${wrongSize}.png`));
  const sized = (id: string, channels: 1 | 3, fill: number[]) => {
    const { width, height } = SIZES.get(id)!;
    const data = new Uint8Array(width * height * channels).map((_, i) => fill[i % channels]);
    return encode({ width, height, data, depth: 8, channels });
  };
  await writeFile(join(dir, `${rgbMask}.png`), sized(rgbMask, 3, [12, 34, 56]));
  await writeFile(join(dir, `${grayMask}.png`), sized(grayMask, 1, [50]));

  await openPage(page);
  const run = page.getByRole("button", { name: "Run evaluation" });
  await page.getByLabel("Choose images", { exact: true }).setInputFiles(images);
  await expect(page.getByRole("alert").filter({ hasText: "Choose the masks too" })).toBeVisible();
  await expect(run).toBeDisabled();
  await page.getByLabel("Choose masks", { exact: true }).setInputFiles(masks);
  await expect(page.getByText("6 pairs", { exact: true })).toBeVisible();
  await page.getByText("1 image without a mask").click();
  await expect(page.getByRole("list", { name: "Images without a mask" })).toHaveText(noMask);
  await page.getByText("1 mask without an image").click();
  await expect(page.getByRole("list", { name: "Masks without an image" })).toHaveText(noImage);

  await runToEnd(page);
  await expect(summary(page, "Pairs")).toHaveText("2");
  await expect(summary(page, "Skipped")).toHaveText("4");
  const skipped = page.getByRole("list", { name: "Skipped pairs" }).getByRole("listitem");
  await expect(skipped).toHaveCount(4);
  await expect(skipped.filter({ hasText: textImage })).toContainText("is not a JPEG, PNG or WebP image");
  await expect(skipped.filter({ hasText: wrongSize })).toContainText(
    /Ground truth is \d+×\d+ but the image is \d+×\d+/,
  );
  await expect(skipped.filter({ hasText: rgbMask })).toContainText("colours that are not VOC classes: rgb(12,34,56)");
  await expect(skipped.filter({ hasText: grayMask })).toContainText("values outside 0–20 and 255: 50");
  const rows = page.getByRole("table", { name: "Images" }).getByRole("row");
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: good1 })).toBeVisible();
  await expect(rows.filter({ hasText: good2 })).toBeVisible();
});

test("a chosen VOCdevkit folder is found below the root and read through val.txt", async ({ page }) => {
  const root = await tempDir("eval-voc-");
  const voc = join(root, "VOCdevkit/VOC2012");
  for (const sub of ["JPEGImages", "SegmentationClass", "ImageSets/Segmentation", "Annotations"])
    await mkdir(join(voc, sub), { recursive: true });
  const ids = IDS.slice(0, 3);
  for (const id of [...ids, IDS[3]]) await copyFile(imagePath(id), join(voc, `JPEGImages/${id}.jpg`));
  for (const id of ids) await copyFile(maskPath(id), join(voc, `SegmentationClass/${id}.png`));
  await writeFile(join(voc, "ImageSets/Segmentation/val.txt"), [...ids, "2099_000001"].join("\n") + "\n");
  const empty = await tempDir("eval-empty-");
  await writeFile(join(empty, "notes.txt"), "no VOC here\n");

  await openPage(page);
  const folder = page.getByLabel("Choose VOC folder", { exact: true });
  await folder.setInputFiles(empty);
  await expect(page.getByRole("alert").filter({ hasText: /No VOC set found/ })).toBeVisible();
  await expect(page.getByText("0 pairs", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Run evaluation" })).toBeDisabled();

  await folder.setInputFiles(root);
  await expect(page.getByText("3 pairs", { exact: true })).toBeVisible();
  await expect(page.getByText(/val\.txt lists 4 ids/)).toBeVisible();
  await expect(page.getByText("1 listed id missing (no image or no mask)")).toBeVisible();
  // IDS[3] has an image but is not listed in val.txt, so it is not reported as unpaired.
  await expect(page.getByText(/without a mask/)).toHaveCount(0);
  await runToEnd(page);
  await expect(summary(page, "Pairs")).toHaveText("3");
  await expect(page.getByRole("list", { name: "Skipped pairs" })).toContainText(
    "2099_000001: listed in val.txt but its image or mask is missing",
  );

  // A second run is kept beside the first, and the two can be compared.
  await runToEnd(page);
  await expect(page.getByRole("heading", { name: "Results · Run 2" })).toBeVisible();
  await page.getByRole("checkbox", { name: "Compare Run 1" }).check();
  await page.getByRole("checkbox", { name: "Compare Run 2" }).check();
  await expect(page.getByRole("table", { name: "Per-class IoU by run" }).getByRole("row")).toHaveCount(23);
  await page.getByRole("button", { name: "Show Run 1" }).click();
  await expect(page.getByRole("heading", { name: "Results · Run 1" })).toBeVisible();

  // A row opens its image with its ground truth on the Segment page, which then scores it.
  await page.getByRole("button", { name: `Open ${ids[0]} on the Segment page` }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByLabel("mIoU", { exact: true })).toHaveText(/\d+\.\d+/);
});
