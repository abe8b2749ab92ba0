import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { decode, encode } from "fast-png";
import { expect, GOLDEN_INPUT, locate, test, VOC } from "@/e2e/fixtures";

const IMAGE_33 = `${VOC}/JPEGImages/2007_000033.jpg`;
const TRUTH_33 = `${VOC}/SegmentationClass/2007_000033.png`;
const IMAGE_42 = `${VOC}/JPEGImages/2007_000042.jpg`;
/** 500×335, while 2007_000033 is 500×366. */
const TRUTH_42 = `${VOC}/SegmentationClass/2007_000042.png`;

async function open(page: Page, backend: "WASM" | "WebGPU") {
  await page.goto("/");
  const ui = locate(page);
  await ui.backend.selectOption(backend);
  await expect(ui.backend).toHaveValue(backend.toLowerCase());
  return ui;
}

test("segments the golden image on WASM", async ({ page }) => {
  const ui = await open(page, "WASM");
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await expect(ui.classes.getByRole("button", { name: /^person\b/ })).toBeVisible();
  await expect(ui.classes.getByRole("button", { name: /^horse\b/ })).toBeVisible();
  await expect(ui.provider).toHaveText(/^WASM · \d+ threads?$/);
  await expect(page.getByText(/Threads are off/)).toHaveCount(0);
});

test("segments the golden image on WebGPU without falling back", async ({ page }) => {
  test.setTimeout(360_000);
  const ui = await open(page, "WebGPU");
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1", { timeout: 300_000 });
  await expect(ui.provider).toHaveText("WebGPU");
  await expect(page.getByText(/fell back to WASM/)).toHaveCount(0);
  await expect(ui.classes.getByRole("button", { name: /^person\b/ })).toBeVisible();
});

test("opacity, class toggles, views and hover do not re-run the model", async ({ page }) => {
  const ui = await open(page, "WASM");
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  const opacity = () => ui.mask.evaluate((el) => getComputedStyle(el).opacity);
  expect(await opacity()).toBe("0.6");

  const slider = page.getByLabel("Mask opacity", { exact: true });
  await slider.focus();
  await slider.press("Home");
  await expect.poll(opacity).toBe("0");
  await slider.press("End");
  await expect.poll(opacity).toBe("1");
  await expect(page.getByText("100%", { exact: true })).toBeVisible();

  const person = ui.classes.getByRole("button", { name: /^person\b/ });
  await expect(person).toHaveAttribute("aria-pressed", "true");
  await person.click();
  await expect(person).toHaveAttribute("aria-pressed", "false");

  await page.getByRole("radio", { name: "Image" }).check();
  await expect(ui.mask).toBeHidden();
  await expect(page.getByRole("radio", { name: "Errors" })).toBeDisabled();
  await page.getByRole("radio", { name: "Overlay" }).check();
  await expect(ui.mask).toBeVisible();

  await ui.mask.hover();
  await expect(page.getByRole("status").filter({ hasText: "Under pointer" })).toHaveText(/^Under pointer: [a-z]+$/);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await expect(page.getByLabel("Runs", { exact: true })).toHaveText("1");
});

test("mIoU for one VOC image matches the CLI", async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), "seg-e2e-"));
  const json = join(dir, "report.json");
  const cli = promisify(execFile)(
    "npx",
    ["tsx", "scripts/eval.ts", "--model", "deeplabv3-257", "--voc", VOC, "--limit", "1", "--quiet", "--json", json],
    { cwd: process.cwd() },
  );
  const ui = await open(page, "WASM");
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue("deeplabv3-257");
  await ui.image.setInputFiles(IMAGE_33);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await ui.truth.setInputFiles(TRUTH_33);
  await expect(ui.scores).toBeVisible();
  await expect(ui.scores.getByRole("row", { name: /^aeroplane\b/ })).toBeVisible();
  const shown = Number((await ui.mIoU.textContent())!.replace("%", ""));

  await cli;
  const report = JSON.parse(await readFile(json, "utf8"));
  expect(report.perImage[0].id).toBe("2007_000033");
  expect(Math.abs(shown - 100 * report.perImage[0].mIoU)).toBeLessThanOrEqual(0.1);
  expect(Math.abs(shown - report.mIoU)).toBeLessThanOrEqual(0.1);

  await page.getByRole("radio", { name: "Errors" }).check();
  await expect(page.getByRole("img", { name: "Error map" })).toBeVisible();
});

test("bad files get a message and the earlier result stays", async ({ page }) => {
  const ui = await open(page, "WASM");
  await ui.image.setInputFiles(IMAGE_33);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  const aeroplane = ui.classes.getByRole("button", { name: /^aeroplane\b/ });
  await expect(aeroplane).toBeVisible();

  const bad: [Parameters<typeof ui.image.setInputFiles>[0], RegExp][] = [
    [
      { name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("this is text, not a picture\n") },
      /"notes\.jpg" is not a JPEG, PNG or WebP image/,
    ],
    [
      {
        name: "broken.jpg",
        mimeType: "image/jpeg",
        buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]),
      },
      /"broken\.jpg" .* could not be decoded/,
    ],
    [{ name: "empty.png", mimeType: "image/png", buffer: Buffer.alloc(0) }, /"empty\.png" is empty \(0 bytes\)/],
  ];
  for (const [file, message] of bad) {
    await ui.image.setInputFiles(file);
    await expect(ui.alert(message)).toBeVisible();
    await expect(aeroplane).toBeVisible();
    await expect(ui.mask).toBeVisible();
  }

  await ui.truth.setInputFiles(TRUTH_42);
  await expect(ui.alert(/Ground truth is 500×335 but the image is 500×366/)).toBeVisible();
  const rgb = encode({ width: 500, height: 366, channels: 3, depth: 8, data: new Uint8Array(500 * 366 * 3).fill(7) });
  await ui.truth.setInputFiles({ name: "colours.png", mimeType: "image/png", buffer: Buffer.from(rgb) });
  await expect(ui.alert(/colours that are not VOC classes: rgb\(7,7,7\)/)).toBeVisible();
  await expect(ui.scores).toHaveCount(0);
  await expect(aeroplane).toBeVisible();
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");

  await ui.truth.setInputFiles(TRUTH_33);
  await expect(ui.mIoU).toHaveText(/^\d+\.\d\d%$/);
  await expect(ui.alert(/\S/)).toHaveCount(0);

  await ui.image.setInputFiles(IMAGE_42);
  await expect(ui.viewer).toHaveAttribute("data-runs", "2");
  await expect(ui.classes.getByRole("button", { name: /^train\b/ })).toBeVisible();
  await expect(ui.scores).toHaveCount(0);
});

test("a wide image keeps its size and its full-size ground truth is scored", async ({ page }) => {
  const ui = await open(page, "WASM");
  const big = encode({
    width: 5000,
    height: 100,
    channels: 3,
    depth: 8,
    data: new Uint8Array(5000 * 100 * 3).fill(128),
  });
  await ui.image.setInputFiles({ name: "wide.png", mimeType: "image/png", buffer: Buffer.from(big) });
  await expect(page.getByText("wide.png · 5000×100")).toBeVisible();
  const truth = encode({ width: 5000, height: 100, channels: 1, depth: 8, data: new Uint8Array(5000 * 100) });
  await ui.truth.setInputFiles({ name: "wide_gt.png", mimeType: "image/png", buffer: Buffer.from(truth) });
  await expect(ui.scores).toBeVisible();
  await expect(ui.scores.getByRole("row", { name: /^background\b/ })).toBeVisible();
  await expect(ui.alert(/\S/)).toHaveCount(0);
});

test("a model that fails to download gets a message, and the page recovers", async ({ page, context }) => {
  await context.route(/\.onnx(\?|$)/, (route) => route.abort());
  const ui = await open(page, "WASM");
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.alert(/The model could not be downloaded/)).toBeVisible();
  await context.unrouteAll();
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await expect(ui.alert(/\S/)).toHaveCount(0);
});

test("paste, drop, downloads, and re-runs on a model or backend change", async ({ page }) => {
  test.setTimeout(420_000);
  const ui = await open(page, "WASM");
  const send = (event: "paste" | "drop", bytes: string, name: string) =>
    page.evaluate(
      ([event, bytes, name]) => {
        const data = new DataTransfer();
        data.items.add(new File([Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0))], name, { type: "image/jpeg" }));
        const e =
          event === "paste"
            ? new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true })
            : new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true });
        document.body.dispatchEvent(e);
      },
      [event, bytes, name] as const,
    );
  await send("paste", (await readFile(GOLDEN_INPUT)).toString("base64"), "pasted.jpg");
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await expect(ui.classes.getByRole("button", { name: /^person\b/ })).toBeVisible();
  await send("drop", (await readFile(IMAGE_33)).toString("base64"), "2007_000033.jpg");
  await expect(ui.viewer).toHaveAttribute("data-runs", "2");
  await expect(ui.classes.getByRole("button", { name: /^aeroplane\b/ })).toBeVisible();

  const [mask] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download mask" }).click(),
  ]);
  expect(mask.suggestedFilename()).toBe("2007_000033_mask.png");
  const png = decode(await readFile(await mask.path()));
  expect([png.width, png.height, png.channels, png.palette?.length]).toEqual([500, 366, 1, 256]);
  expect(new Set(png.data)).toContain(1);
  const [overlay] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download overlay" }).click(),
  ]);
  expect(overlay.suggestedFilename()).toBe("2007_000033_overlay.png");
  expect(decode(await readFile(await overlay.path())).width).toBe(500);

  await page.getByLabel("Model", { exact: true }).selectOption("mnv2-dm05-513-uint8");
  await expect(ui.viewer).toHaveAttribute("data-runs", "3");
  await expect(ui.classes.getByRole("button", { name: /^aeroplane\b/ })).toBeVisible();
  await page.getByLabel("Model", { exact: true }).selectOption("deeplabv3-257");
  await expect(ui.viewer).toHaveAttribute("data-runs", "4");
  await ui.backend.selectOption("WebGPU");
  await expect(ui.viewer).toHaveAttribute("data-runs", "5", { timeout: 300_000 });
  await expect(ui.provider).toHaveText("WebGPU");
});
