// Long runs lose nothing: a corrupt cached model is fetched again, and a worker that crashes mid-evaluation
// costs one pair, not the run.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Download, Page } from "@playwright/test";
import type { EvalReport } from "@/lib/metrics/report";
import { expect, GOLDEN_INPUT, test, VOC } from "@/e2e/fixtures";
import { STALL_MS } from "@/lib/inference/fetch-model";
import { vocIds } from "@/test/helpers/paths";

const exec = promisify(execFile);

/**
 * The CLI on the page's kernels and threads (/evaluate on WASM runs single-threaded sessions side by side), over
 * exactly these ids (a VOC folder of links made for it).
 */
async function cliOn(ids: string[]): Promise<EvalReport> {
  const dir = await mkdtemp(join(tmpdir(), "voc-subset-"));
  for (const sub of ["JPEGImages", "SegmentationClass", "ImageSets/Segmentation"]) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  for (const id of ids) {
    await symlink(`${VOC}/JPEGImages/${id}.jpg`, join(dir, `JPEGImages/${id}.jpg`));
    await symlink(`${VOC}/SegmentationClass/${id}.png`, join(dir, `SegmentationClass/${id}.png`));
  }
  await writeFile(join(dir, "ImageSets/Segmentation/val.txt"), ids.join("\n") + "\n");
  const out = join(dir, "report.json");
  const args = ["tsx", "scripts/eval.ts", "--model", "deeplabv3-257", "--voc", dir, "--runtime", "wasm"];
  await exec("npx", [...args, "--threads", "1", "--quiet", "--json", out], { maxBuffer: 64 << 20 });
  return JSON.parse(await readFile(out, "utf8"));
}

/** Starts an /evaluate run over these ids and returns once `after` pairs are done. */
async function startRun(page: Page, ids: string[], backend: "WASM" | "WebGPU", after: number) {
  await page.goto("/evaluate");
  await expect(page.getByRole("combobox", { name: "Model" })).toBeEnabled();
  await page.getByRole("combobox", { name: "Backend" }).selectOption(backend);
  await page.getByLabel("Choose images", { exact: true }).setInputFiles(ids.map((id) => `${VOC}/JPEGImages/${id}.jpg`));
  await page
    .getByLabel("Choose masks", { exact: true })
    .setInputFiles(ids.map((id) => `${VOC}/SegmentationClass/${id}.png`));
  await page.getByRole("button", { name: "Run evaluation" }).click();
  const progress = page.getByRole("progressbar", { name: "Evaluation progress" });
  await expect
    .poll(async () => Number(await progress.getAttribute("value")), { intervals: [50], timeout: 300_000 })
    .toBeGreaterThanOrEqual(after);
}

/** Waits for the run's results and reads its JSON report. */
async function finishedReport(page: Page) {
  await expect(page.getByRole("heading", { name: /^Results · Run \d+$/ })).toBeVisible({ timeout: 300_000 });
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download JSON" }).click(),
  ]);
  return JSON.parse(await readFile((await (file as Download).path())!, "utf8")) as EvalReport & {
    status: string;
    fallback?: string;
  };
}

test("a corrupt model in Cache Storage is detected and fetched again", async ({ page }) => {
  await page.goto("/?backend=wasm");
  const image = page.getByLabel("Upload image", { exact: true });
  await image.setInputFiles(GOLDEN_INPUT);
  const viewer = page.getByRole("figure", { name: "Segmentation result" });
  await expect(viewer).toHaveAttribute("data-runs", "1");

  // Flip bytes in the cached copy, keeping its size, so only the checksum can tell.
  const corrupted = await page.evaluate(async () => {
    const cache = await caches.open("deeplab-models-v1");
    const [key] = await cache.keys();
    const bytes = new Uint8Array(await (await cache.match(key))!.arrayBuffer());
    for (let i = 1000; i < 1064; i++) bytes[i] ^= 0xff;
    await cache.put(key, new Response(bytes));
    return key.url;
  });

  const downloads: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/models/") && r.url().endsWith(new URL(corrupted).search)) downloads.push(r.url());
  });
  await page.reload();
  await image.setInputFiles(GOLDEN_INPUT);
  await expect(viewer).toHaveAttribute("data-runs", "1");
  await expect(page.getByRole("list", { name: "Classes" }).getByRole("button", { name: /^horse\b/ })).toBeVisible();
  expect(downloads, "the corrupt cache entry is downloaded again").toEqual([corrupted]);
  // The cache now holds the file the manifest describes.
  const intact = await page.evaluate(async (url) => {
    const manifest = await (await fetch("/models/manifest.json")).json();
    const file = new URL(url).pathname.split("/").pop();
    const entry = manifest.models.flatMap((m: { file: string; sha256: string; browser?: object }) => [
      m,
      m.browser ?? m,
    ]);
    const want = entry.find((f: { file: string }) => f.file === file).sha256;
    const bytes = await (await (await caches.open("deeplab-models-v1")).match(url))!.arrayBuffer();
    const got = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) =>
      b.toString(16).padStart(2, "0"),
    ).join("");
    return got === want;
  }, corrupted);
  expect(intact).toBe(true);
});

test("a worker crash mid-evaluation skips one pair and the run goes on, equal to the CLI", async ({ page }) => {
  const ids = vocIds(25);
  await startRun(page, ids, "WASM", 3);
  const [worker] = page.workers().filter((w) => w.url().includes("worker"));
  expect(worker, "the inference worker").toBeDefined();
  // An uncaught error inside the worker: the page sees it as a crash and must start a new one.
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error("crash made by the test");
    });
  });
  const report = await finishedReport(page);
  expect(report.status).toBe("complete");
  expect(report.skipped).toHaveLength(1);
  expect(report.skipped[0].reason).toMatch(/inference worker crashed/);
  expect(report.pairs).toBe(24);
  const scored = ids.filter((id) => id !== report.skipped[0].id);
  const expected = await cliOn(scored);
  expect(report.confusion).toEqual(expected.confusion);
});

test("a WebGPU device lost mid-evaluation falls back to WASM and the run goes on", async ({ page }) => {
  test.setTimeout(480_000);
  // Keep a handle on the device onnxruntime asks for, so the test can destroy it mid-run.
  page.on("worker", (worker) =>
    worker.evaluate(() => {
      type Adapter = { requestDevice(...args: unknown[]): Promise<unknown> };
      const scope = self as unknown as { GPUAdapter?: { prototype: Adapter }; testDevice?: unknown };
      if (!scope.GPUAdapter) return;
      const proto = scope.GPUAdapter.prototype;
      const request = proto.requestDevice;
      proto.requestDevice = async function (this: Adapter, ...args: unknown[]) {
        scope.testDevice = await request.apply(this, args);
        return scope.testDevice;
      };
    }),
  );
  const ids = vocIds(4);
  await startRun(page, ids, "WebGPU", 1);
  const [worker] = page.workers().filter((w) => w.url().includes("worker"));
  const destroyed = await worker.evaluate(() => {
    const device = (self as unknown as { testDevice?: { destroy(): void } }).testDevice;
    device?.destroy();
    return device !== undefined;
  });
  expect(destroyed, "the WebGPU device was captured").toBe(true);
  const report = await finishedReport(page);
  expect(report.status).toBe("complete");
  expect(report.skipped).toEqual([]);
  expect(report.pairs).toBe(4);
  expect(report.backend).toBe("onnxruntime-web wasm");
  expect(report.fallback).toMatch(/^WebGPU failed while running/);
});

test("a model file that passes its checksum but onnxruntime refuses gets a clear message", async ({ page }) => {
  // Serve garbage for the model, with a manifest whose size and sha256 describe that garbage.
  const garbage = Buffer.from("this is not an ONNX model, though the manifest vouches for it\n".repeat(8));
  const sha256 = createHash("sha256").update(garbage).digest("hex");
  await page.route(/\/models\/manifest\.json/, async (route) => {
    const manifest = await (await route.fetch()).json();
    for (const m of manifest.models) Object.assign(m.browser ?? m, { bytes: garbage.length, sha256 });
    await route.fulfill({ json: manifest });
  });
  await page.route(/\.onnx(\?|$)/, (route) => route.fulfill({ body: garbage }));
  await page.goto("/?backend=wasm");
  await page.getByLabel("Upload image", { exact: true }).setInputFiles(GOLDEN_INPUT);
  await expect(page.getByRole("alert").filter({ hasText: /^The model could not be loaded: .+/ })).toBeVisible();
  await expect(page.getByRole("figure", { name: "Segmentation result" })).toHaveAttribute("data-runs", "0");
});

test("a model download that stalls gets a message after the stall time, and the next upload loads it", async ({
  page,
}) => {
  // The request is held, never answered: only the app's own stall timer can end the wait.
  const requests: number[] = [];
  await page.route(/\.onnx(\?|$)/, () => void requests.push(Date.now()));
  await page.goto("/?backend=wasm");
  // The page starts loading the model on arrival; an upload made meanwhile shares that load.
  await expect.poll(() => requests.length).toBe(1);
  const image = page.getByLabel("Upload image", { exact: true });
  await image.setInputFiles(GOLDEN_INPUT);
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: /^The model could not be downloaded: .+ stalled: nothing arrived for 30 s/ }),
  ).toBeVisible({ timeout: (STALL_MS * 3) / 2 });
  expect(Date.now() - requests[0]).toBeGreaterThanOrEqual(STALL_MS);
  expect(requests, "one stalled download, not one per caller").toHaveLength(1);
  await page.unrouteAll();
  await image.setInputFiles(GOLDEN_INPUT);
  await expect(page.getByRole("figure", { name: "Segmentation result" })).toHaveAttribute("data-runs", "1");
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveCount(0);
});
