// The embedding example (/embed): a plain HTML page that uses the Segmenter's built module, with no React. Its
// mask of the golden image equals the CLI's on the same kernels, and Chromium's fake camera gives it masks.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium } from "@playwright/test";
import { decodeLabelPng, encodeLabelPng } from "@/lib/voc/label-png";
import { VOC_PALETTE } from "@/lib/voc/palette";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/node/chromium";
import { expect, GOLDEN_INPUT, test } from "@/e2e/fixtures";

const exec = promisify(execFile);

/** The CLI's class map of the golden image: `npm run eval -- --save-masks` on a one-image VOC folder. */
async function cliMask(): Promise<Uint8Array> {
  const voc = await mkdtemp(join(tmpdir(), "e2e-embed-"));
  await Promise.all(
    ["JPEGImages", "SegmentationClass", "ImageSets/Segmentation"].map((d) => mkdir(join(voc, d), { recursive: true })),
  );
  await symlink(GOLDEN_INPUT, join(voc, "JPEGImages/golden.jpg"));
  const blank = { labels: new Uint8Array(257 * 257), width: 257, height: 257 };
  await writeFile(join(voc, "SegmentationClass/golden.png"), encodeLabelPng(blank));
  await writeFile(join(voc, "ImageSets/Segmentation/val.txt"), "golden\n");
  const masks = join(voc, "masks");
  await exec("npx", [
    "tsx",
    "scripts/eval.ts",
    "--model",
    "deeplabv3-257",
    "--voc",
    voc,
    "--runtime",
    "wasm",
    "--save-masks",
    masks,
    "--quiet",
  ]);
  return decodeLabelPng(new Uint8Array(await readFile(join(masks, "golden.png")))).labels;
}

/** The page's canvas read back as VOC class indices. */
async function canvasLabels(page: import("@playwright/test").Page): Promise<Uint8Array> {
  const rgba = await page.getByRole("img", { name: "Class mask" }).evaluate((canvas: HTMLCanvasElement) => {
    const { width, height } = canvas;
    return Array.from(canvas.getContext("2d")!.getImageData(0, 0, width, height).data);
  });
  const index = new Map<number, number>();
  for (let k = 0; k < 256; k++)
    index.set((VOC_PALETTE[k * 3] << 16) | (VOC_PALETTE[k * 3 + 1] << 8) | VOC_PALETTE[k * 3 + 2], k);
  return Uint8Array.from(
    { length: rgba.length / 4 },
    (_, i) => index.get((rgba[i * 4] << 16) | (rgba[i * 4 + 1] << 8) | rgba[i * 4 + 2]) ?? 255,
  );
}

test("the embed page segments the golden image exactly as the CLI does, under the strict CSP", async ({ page }) => {
  const expected = cliMask();
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto("/embed");
  await expect(page).toHaveURL(/\/embed\/index\.html$/);
  const status = page.getByRole("status");
  await expect(status).toHaveText(/^Ready: .+, 21 classes$/);
  await page.getByLabel("Image", { exact: true }).setInputFiles(GOLDEN_INPUT);
  await expect(status).toHaveText(/mostly (person|horse) besides background/);
  const labels = await canvasLabels(page);
  const cli = await expected;
  expect(labels.length).toBe(cli.length);
  let differing = 0;
  for (let i = 0; i < cli.length; i++) if (labels[i] !== cli[i]) differing++;
  expect(differing, "pixels that differ from npm run eval -- --save-masks").toBe(0);
  expect(new Set(labels)).toEqual(new Set([0, 13, 15]));
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
});

test("the embed page segments Chromium's fake camera", async ({ baseURL }) => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
  });
  try {
    const page = await browser.newPage({ baseURL });
    await page.goto("/embed");
    await expect(page.getByRole("status")).toHaveText(/^Ready: /);
    await page.getByRole("button", { name: "Start camera" }).click();
    const camera = page.getByRole("button", { name: /^Camera: \d+\.\d masks\/s$/ });
    await expect(camera).toBeVisible();
    // Chromium's default fake camera is 640×480.
    const size = await page
      .getByRole("img", { name: "Class mask" })
      .evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    expect(size).toEqual([640, 480]);
  } finally {
    await browser.close();
  }
});
