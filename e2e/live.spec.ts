// Live segmentation: Chromium's fake camera playing a Y4M built here from VOC images, a denied camera, and a
// webm recorded in the page from VOC images.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, test, expect, type Browser, type Page } from "@playwright/test";
import { decode } from "fast-png";
import sharp from "sharp";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { decodeLabelPng } from "@/lib/voc/label-png";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/node/chromium";
import { writeY4m } from "@/lib/node/y4m";
import { VOC } from "@/test/helpers/paths";
import { classEntries } from "@/e2e/fixtures";

const WIDTH = 320;
const HEIGHT = 240;
const FPS = 10;

/** Two VOC images, each showing one class over at least 40% of its labelled pixels, of two different classes. */
function pickImages(): { id: string; cls: string }[] {
  const manifest = JSON.parse(readFileSync(`${VOC}/manifest.json`, "utf8")) as { id: string; classes: string[] }[];
  const picked: { id: string; cls: string }[] = [];
  for (const { id, classes } of manifest) {
    if (classes.length !== 1 || picked.some((p) => p.cls === classes[0])) continue;
    const { labels } = decodeLabelPng(new Uint8Array(readFileSync(`${VOC}/SegmentationClass/${id}.png`)));
    const k = (VOC_CLASSES as readonly string[]).indexOf(classes[0]);
    const labelled = labels.filter((v) => v !== 255).length;
    if (labels.filter((v) => v === k).length >= 0.4 * labelled) picked.push({ id, cls: classes[0] });
    if (picked.length === 2) break;
  }
  return picked;
}

/** A Y4M clip showing each image for `seconds`, at FPS frames per second. */
async function makeY4m(ids: string[], seconds: number): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), "e2e-live-")), "camera.y4m");
  const images = ids.map((id) => `${VOC}/JPEGImages/${id}.jpg`);
  await writeY4m(path, images, { width: WIDTH, height: HEIGHT, fps: FPS, framesEach: seconds * FPS });
  return path;
}

const images = pickImages();
let camera: Browser;
let denied: Browser;
let noCamera: Browser;
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

test.beforeAll(async () => {
  expect(images).toHaveLength(2);
  const y4m = await makeY4m(
    images.map((i) => i.id),
    2,
  );
  const fake = ["--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${y4m}`];
  camera = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...fake, "--use-fake-ui-for-media-stream"],
  });
  // No fake device: headless Chromium then has no camera at all.
  noCamera = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, "--use-fake-ui-for-media-stream"],
  });
  denied = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...fake, "--deny-permission-prompts"],
  });
});

test.afterAll(async () => {
  await camera?.close();
  await denied?.close();
  await noCamera?.close();
});

/** A page of the app on which any request to another host fails the test at the end. */
async function openPage(browser: Browser) {
  const context = await browser.newContext({ baseURL, acceptDownloads: true });
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== baseURL) foreign.push(r.url());
  });
  await page.goto("/?backend=wasm");
  return { page, foreign, close: () => context.close() };
}

const fps = async (page: Page) => Number(await page.getByLabel("FPS", { exact: true }).textContent());
const runs = async (page: Page) =>
  Number(await page.getByRole("figure", { name: "Segmentation result" }).getAttribute("data-runs"));

/** Class names the legend lists, gathered over a few seconds of live frames. */
async function classesSeen(page: Page, ms: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const name of await classEntries(page).allTextContents()) seen.add(name.replace(/[\d.%\s]+$/, "").trim());
    await page.waitForTimeout(200);
  }
  return seen;
}

test("the camera is segmented live; pause freezes a frame whose mask downloads at the frame size; a model switch keeps it live", async () => {
  const { page, foreign, close } = await openPage(camera);
  await page.getByRole("button", { name: "Start camera" }).click();
  await expect.poll(() => fps(page), { timeout: 180_000 }).toBeGreaterThan(0);
  await expect(page.getByLabel("Capture to mask", { exact: true })).toHaveText(/^\d+\.\d ms$/);
  const seen = await classesSeen(page, 12_000);
  console.log(`classes seen: ${[...seen].join(", ")}; expected ${images.map((i) => i.cls).join(", ")}`);
  for (const { cls } of images) expect(seen).toContain(cls);

  await page.getByLabel("Model", { exact: true }).selectOption("mnv2-dm05-513-fp16");
  const before = await runs(page);
  await expect.poll(() => runs(page), { timeout: 180_000 }).toBeGreaterThan(before + 2);
  expect(await fps(page)).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  const frozen = await runs(page);
  await page.waitForTimeout(1500);
  expect(await runs(page)).toBeLessThanOrEqual(frozen + 1);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download mask" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("camera-frame_mask.png");
  const png = decode(readFileSync(await download.path()));
  expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
  // Ground truth of the frame's size scores the frozen frame, as for an upload.
  const truth = await sharp(`${VOC}/SegmentationClass/${images[0].id}.png`)
    .resize(WIDTH, HEIGHT, { fit: "fill", kernel: "nearest" })
    .removeAlpha()
    .png()
    .toBuffer();
  await page
    .getByLabel("Upload ground truth")
    .setInputFiles({ name: "truth.png", mimeType: "image/png", buffer: truth });
  await expect(page.getByRole("table", { name: "Per-class IoU" })).toBeVisible();

  await page.getByRole("button", { name: "Stop camera" }).click();
  await expect(page.getByRole("button", { name: "Start camera" })).toBeVisible();
  expect(foreign).toEqual([]);
  await close();
});

test("a camera unplugged mid-stream gets its message, is released, and the page still segments images", async () => {
  const { page, close } = await openPage(camera);
  await page.getByRole("button", { name: "Start camera" }).click();
  await expect.poll(() => fps(page), { timeout: 180_000 }).toBeGreaterThan(0);
  // An unplugged device ends its track with an "ended" event (a track stopped by the page fires none).
  await page.evaluate(() => {
    const track = (document.querySelector("video")!.srcObject as MediaStream).getVideoTracks()[0];
    (window as unknown as { unplugged: MediaStreamTrack }).unplugged = track;
    track.dispatchEvent(new Event("ended"));
  });
  await expect(page.getByRole("alert").filter({ hasText: "The camera stopped sending frames" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Start camera" })).toBeEnabled();
  expect(await page.evaluate(() => (window as unknown as { unplugged: MediaStreamTrack }).unplugged.readyState)).toBe(
    "ended",
  );
  const before = await runs(page);
  await page.getByLabel("Upload image").setInputFiles(`${VOC}/JPEGImages/${images[1].id}.jpg`);
  await expect.poll(() => runs(page), { timeout: 60_000 }).toBe(before + 1);
  await close();
});

test("with two cameras, the Camera select lists both and switching keeps masks coming from the chosen one", async () => {
  // Chromium's own fake cameras (a moving test pattern), two of them.
  const twoCameras = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, "--use-fake-device-for-media-stream=device-count=2", "--use-fake-ui-for-media-stream"],
  });
  const { page, close } = await openPage(twoCameras);
  await page.getByRole("button", { name: "Start camera" }).click();
  const select = page.getByLabel("Camera", { exact: true });
  await expect(select.locator("option")).toHaveCount(2);
  await expect.poll(() => fps(page), { timeout: 180_000 }).toBeGreaterThan(0);
  const playing = () =>
    page.evaluate(
      // No stream while the switch is under way.
      () =>
        (document.querySelector("video")!.srcObject as MediaStream | null)?.getVideoTracks()[0].getSettings().deviceId,
    );
  const [first, second] = await select
    .locator("option")
    .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(await playing()).toBe(first);
  await select.selectOption(second);
  await expect.poll(playing).toBe(second);
  await expect(select).toHaveValue(second);
  const before = await runs(page);
  await expect.poll(() => runs(page), { timeout: 60_000 }).toBeGreaterThan(before + 2);
  await close();
  await twoCameras.close();
});

test("no camera gets its message", async () => {
  const { page, close } = await openPage(noCamera);
  await page.getByRole("button", { name: "Start camera" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "No camera was found" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Start camera" })).toBeEnabled();
  await close();
});

test("a denied camera gets its message and the page still segments images", async () => {
  const { page, close } = await openPage(denied);
  await page.getByRole("button", { name: "Start camera" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Camera permission was denied" })).toBeVisible();
  await page.getByLabel("Upload image").setInputFiles(`${VOC}/JPEGImages/${images[0].id}.jpg`);
  await expect(page.getByRole("figure", { name: "Segmentation result" })).toHaveAttribute("data-runs", "1");
  await close();
});

/** A webm recorded in the page with MediaRecorder at 10 fps, 320×240: each image (base64) for `framesEach` frames. */
async function recordWebm(page: Page, sources: string[], framesEach: number): Promise<number[]> {
  return page.evaluate(
    async ([sources, framesEach]) => {
      const bitmaps = await Promise.all(
        sources.map((b64) => createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]))),
      );
      const canvas = Object.assign(document.createElement("canvas"), { width: 320, height: 240 });
      const context = canvas.getContext("2d")!;
      const recorder = new MediaRecorder(canvas.captureStream(10), { mimeType: "video/webm;codecs=vp8" });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise((r) => (recorder.onstop = r));
      recorder.start();
      for (const bitmap of bitmaps)
        for (let i = 0; i < framesEach; i++) {
          context.drawImage(bitmap, 0, 0, 320, 240);
          await new Promise((r) => setTimeout(r, 100));
        }
      recorder.stop();
      await stopped;
      return Array.from(new Uint8Array(await new Blob(chunks).arrayBuffer()));
    },
    [sources, framesEach] as const,
  );
}

test("a webm recorded in the page plays with a mask, seeking segments the frame sought; an undecodable video is refused", async () => {
  const { page, close } = await openPage(camera);
  const jpegs = images.map((i) => readFileSync(`${VOC}/JPEGImages/${i.id}.jpg`).toString("base64"));
  const webm = await recordWebm(page, jpegs, 15);
  expect(webm.length).toBeGreaterThan(1000);
  await page
    .getByLabel("Upload video")
    .setInputFiles({ name: "voc.webm", mimeType: "video/webm", buffer: Buffer.from(webm) });
  await expect.poll(() => runs(page), { timeout: 180_000 }).toBeGreaterThan(0);
  await expect(page.getByRole("img", { name: "Segmentation mask" })).toBeVisible();
  await expect(classEntries(page).first()).toBeVisible();

  const video = page.getByLabel("Video source");
  await video.evaluate((v: HTMLVideoElement) => v.pause());
  await page.waitForTimeout(500);
  const paused = await runs(page);
  await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 0.5));
  await expect.poll(() => runs(page), { timeout: 60_000 }).toBeGreaterThan(paused);

  await page
    .getByLabel("Upload video")
    .setInputFiles({ name: "broken.webm", mimeType: "video/webm", buffer: Buffer.from("not a video at all") });
  await expect(page.getByRole("alert").filter({ hasText: '"broken.webm" cannot be played' })).toBeVisible();
  await expect(page.getByRole("img", { name: "Segmentation mask" })).toBeVisible();
  await close();
});

test("Mirror is for the camera: an uploaded video is shown as it was recorded", async () => {
  const { page, close } = await openPage(camera);
  // Red on the left, blue on the right: mirrored, the left would be blue.
  const halves = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let i = 0; i < WIDTH * HEIGHT; i++) halves.set(i % WIDTH < WIDTH / 2 ? [220, 20, 20] : [20, 20, 220], i * 3);
  const png = await sharp(halves, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .png()
    .toBuffer();
  const webm = await recordWebm(page, [png.toString("base64")], 20);
  await expect(page.getByLabel("Mirror")).toBeChecked();
  await page
    .getByLabel("Upload video")
    .setInputFiles({ name: "halves.webm", mimeType: "video/webm", buffer: Buffer.from(webm) });
  await expect.poll(() => runs(page), { timeout: 180_000 }).toBeGreaterThan(0);
  await expect(page.getByLabel("Mirror")).toHaveCount(0);
  const left = await page
    .getByRole("figure", { name: "Segmentation result" })
    .getByRole("img", { name: /^Image/ })
    .evaluate((c: HTMLCanvasElement) => {
      const copy = Object.assign(document.createElement("canvas"), { width: c.width, height: c.height });
      const context = copy.getContext("2d")!;
      context.drawImage(c, 0, 0);
      return Array.from(context.getImageData(Math.round(c.width * 0.1), Math.round(c.height / 2), 1, 1).data);
    });
  expect(left[0], `left edge pixel ${left}`).toBeGreaterThan(150);
  expect(left[2], `left edge pixel ${left}`).toBeLessThan(100);
  await close();
});
