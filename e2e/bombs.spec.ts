// Files that declare enormous sizes, or whose data inflates past what they declare, are refused fast
// from their headers, and the earlier image, its mask and its score stay on screen.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, test, VOC } from "@/e2e/fixtures";
import { jpegDeclaring, redeclare, zeroPng } from "@/test/helpers/bombs";

const IMAGE_33 = `${VOC}/JPEGImages/2007_000033.jpg`;
const TRUTH_33 = `${VOC}/SegmentationClass/2007_000033.png`;
const MAX_MS = 100;

/**
 * Arms a timer in the page: it starts when the next file input fires `change` (caught in the capture phase,
 * before React's handler, so it counts everything the page does with the file: reading, header checks, the
 * worker round trip, the store update and React's render) and stops when a MutationObserver sees an alert
 * holding `text` in the DOM. Playwright's own transfer of the file into the page is not counted. It is armed
 * once the page is idle, so work left from the step before (the mIoU's render) is not counted either.
 */
function armAlertTimer(page: Page, text: string) {
  return page.evaluate(async (text) => {
    await new Promise((idle) => requestIdleCallback(idle, { timeout: 5000 }));
    let changedAt: number | undefined;
    const shown = () => [...document.querySelectorAll('[role="alert"]')].some((el) => el.textContent?.includes(text));
    const delay = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (changedAt === undefined || !shown()) return;
        observer.disconnect();
        resolve(performance.now() - changedAt);
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const onChange = (event: Event) => {
      if (!(event.target instanceof HTMLInputElement) || event.target.type !== "file") return;
      changedAt = performance.now();
      document.removeEventListener("change", onChange, true);
    };
    document.addEventListener("change", onChange, true);
    (window as unknown as { alertDelay: Promise<number> }).alertDelay = delay;
  }, text);
}

const alertDelay = (page: Page) =>
  page.evaluate(() => (window as unknown as { alertDelay: Promise<number> }).alertDelay);

test("bombs are refused within 100 ms and the earlier result stays", async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), "bombs-"));
  const write = async (name: string, bytes: Uint8Array) => {
    await writeFile(join(dir, name), bytes);
    return join(dir, name);
  };

  await page.goto("/");
  const backend = page.getByLabel("Backend", { exact: true });
  await backend.selectOption("WASM");
  await expect(backend).toHaveValue("wasm");
  const image = page.getByLabel("Upload image", { exact: true });
  const truth = page.getByLabel("Upload ground truth", { exact: true });
  const viewer = page.getByRole("figure", { name: "Segmentation result" });
  const mask = page.getByRole("img", { name: "Segmentation mask" });
  const mIoU = page.getByLabel("mIoU", { exact: true });
  const imageName = page.getByTitle("2007_000033.jpg", { exact: true });
  const truthName = page.getByText("Scored against 2007_000033.png.", { exact: true });

  await image.setInputFiles(IMAGE_33);
  await expect(viewer).toHaveAttribute("data-runs", "1");
  await truth.setInputFiles(TRUTH_33);
  await expect(mIoU).toHaveText(/^\d+\.\d\d%$/);
  const score = await mIoU.textContent();

  const cases: [Locator, string, string][] = [
    [truth, await write("truth_30000.png", zeroPng(30000, 30000)), "declares 30000×30000 pixels"],
    [truth, await write("truth_60000.png", zeroPng(60000, 60000)), "declares 60000×60000 pixels"],
    [
      truth,
      await write("truth_10000.png", zeroPng(10000, 10000)),
      "Ground truth is 10000×10000 but the image is 500×366",
    ],
    [
      truth,
      await write("truth_inflating.png", redeclare(zeroPng(10000, 30000), 500, 366)),
      "its image data inflates past the 500×366 pixels its header declares",
    ],
    [image, await write("photo_65000x48000.jpg", await jpegDeclaring(65000, 48000)), "declares 65000×48000 pixels"],
    [image, await write("image_100000.png", zeroPng(100000, 100000)), "declares 100000×100000 pixels"],
  ];
  for (const [input, path, text] of cases) {
    await armAlertTimer(page, text);
    await input.setInputFiles(path);
    const ms = await alertDelay(page);
    console.log(`${path.split("/").pop()}: alert ${ms.toFixed(1)} ms after the upload`);
    expect(ms, `${path}: ms from the upload to the alert`).toBeLessThan(MAX_MS);
    await expect(page.getByRole("alert").filter({ hasText: text })).toBeVisible();
    await expect(viewer).toHaveAttribute("data-runs", "1");
    await expect(imageName).toHaveText(/^2007_000033\.jpg · 500×366$/);
    await expect(mask).toBeVisible();
    await expect(truthName).toBeVisible();
    await expect(mIoU).toHaveText(score!);
  }
});
