// The segmentation page as people use it: races, phone and desktop layout, full-size output, samples, legend.
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { decode, encode } from "fast-png";
import sharp from "sharp";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { paletteColor } from "@/lib/voc/palette";
import { expect, GOLDEN_INPUT, locate, test, VOC } from "@/e2e/fixtures";

const IMAGE_129 = `${VOC}/JPEGImages/2007_000129.jpg`;

async function open(page: Page, backend = "WASM") {
  await page.goto("/");
  const ui = locate(page);
  await expect(ui.model).toBeEnabled();
  await ui.backend.selectOption(backend);
  return ui;
}

/** Whether the element's box lies wholly inside the viewport, with the page not scrolled. */
async function inViewport(page: Page, box: { x: number; y: number; width: number; height: number } | null) {
  const size = page.viewportSize()!;
  const scrolled = await page.evaluate(() => window.scrollY);
  return (
    box !== null &&
    scrolled === 0 &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= size.width &&
    box.y + box.height <= size.height
  );
}

/** Against the width set, not innerWidth: a phone emulation zooms out to fit wider content, innerWidth with it. */
const noSideways = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );

test("a new upload made just before a model switch is the one shown, with the new model", async ({ page }) => {
  const ui = await open(page);
  await expect(ui.model).toHaveValue("deeplabv3-257");
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await ui.image.setInputFiles(IMAGE_129);
  await ui.model.selectOption("mnv2-dm05-513-uint8");
  await expect(ui.viewer).toHaveAttribute("data-model", "mnv2-dm05-513-uint8");
  await expect(ui.viewer).toHaveAttribute("aria-busy", "false");
  await expect(page.getByRole("img", { name: "Image 2007_000129.jpg" })).toBeAttached();
  await expect(page.getByText("2007_000129.jpg · 334×500")).toBeVisible();
  await expect(ui.classes.getByRole("button", { name: /^bicycle\b/ })).toBeVisible();
  await expect(ui.classes.getByRole("button", { name: /^horse\b/ })).toHaveCount(0);
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveCount(0);
});

test("a new upload made just before a backend switch is the one shown, on the new backend", async ({ page }) => {
  test.setTimeout(420_000);
  const ui = await open(page);
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await ui.image.setInputFiles(IMAGE_129);
  await ui.backend.selectOption("WebGPU");
  await expect(page.getByLabel("Execution provider", { exact: true })).toHaveText("WebGPU", { timeout: 300_000 });
  await expect(ui.viewer).toHaveAttribute("aria-busy", "false");
  await expect(page.getByRole("img", { name: "Image 2007_000129.jpg" })).toBeAttached();
  await expect(ui.classes.getByRole("button", { name: /^bicycle\b/ })).toBeVisible();
  await expect(ui.classes.getByRole("button", { name: /^horse\b/ })).toHaveCount(0);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the result comes first and nothing scrolls sideways", async ({ page }) => {
    const ui = await open(page);
    await noSideways(page);
    await ui.image.setInputFiles(GOLDEN_INPUT);
    await expect(ui.viewer).toHaveAttribute("data-runs", "1");
    expect(await inViewport(page, await ui.mask.boundingBox())).toBe(true);
    expect(await inViewport(page, await ui.classes.getByRole("listitem").first().boundingBox())).toBe(true);
    const header = await page.getByRole("navigation", { name: "Main" }).boundingBox();
    expect(header!.height).toBeLessThan(60);
    await noSideways(page);

    // A refused file's message is in view too.
    await ui.image.setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("text") });
    const alert = page.getByRole("alert").filter({ hasText: /notes\.jpg/ });
    await expect(alert).toBeVisible();
    expect(await inViewport(page, await alert.boundingBox())).toBe(true);

    await ui.image.setInputFiles(`${VOC}/JPEGImages/2007_000033.jpg`);
    await expect(ui.viewer).toHaveAttribute("data-runs", "2");
    await ui.truth.setInputFiles(`${VOC}/SegmentationClass/2007_000033.png`);
    await expect(page.getByRole("table", { name: "Per-class IoU" })).toBeVisible();
    await noSideways(page);
  });

  test("/evaluate does not scroll sideways, empty or with results", async ({ page }) => {
    await page.goto("/evaluate");
    await expect(page.getByLabel("Model", { exact: true })).toBeEnabled();
    await noSideways(page);
    await page.getByLabel("Backend", { exact: true }).selectOption("WASM");
    await page.getByLabel("Choose images", { exact: true }).setInputFiles([`${VOC}/JPEGImages/2007_000033.jpg`]);
    await page.getByLabel("Choose masks", { exact: true }).setInputFiles([`${VOC}/SegmentationClass/2007_000033.png`]);
    await page.getByRole("button", { name: "Run evaluation" }).click();
    await expect(page.getByRole("heading", { name: /^Results · Run \d+$/ })).toBeVisible();
    await noSideways(page);
  });
});

test("on a 1280×800 desktop the viewer and the classes are in view together", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const ui = await open(page);
  await ui.image.setInputFiles(IMAGE_129);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  expect(await inViewport(page, await ui.mask.boundingBox())).toBe(true);
  expect(await inViewport(page, await page.getByRole("heading", { name: "Classes" }).boundingBox())).toBe(true);
  expect(await inViewport(page, await ui.classes.getByRole("listitem").first().boundingBox())).toBe(true);
  // A class toggle leaves the image where it was.
  await ui.classes.getByRole("button", { name: /^person\b/ }).click();
  expect(await inViewport(page, await ui.mask.boundingBox())).toBe(true);
  await noSideways(page);
});

test("a 6000×4000 image gives full-size downloads and its full-size ground truth is scored", async ({ page }) => {
  test.setTimeout(360_000);
  const [W, H] = [6000, 4000];
  // The VOC image stretched to 6000×4000, and its mask with it by nearest neighbour.
  const image = await sharp(`${VOC}/JPEGImages/2007_000033.jpg`).resize(W, H, { fit: "fill" }).jpeg().toBuffer();
  const small = decode(await readFile(`${VOC}/SegmentationClass/2007_000033.png`));
  const labels = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    const row = Math.floor((y * small.height) / H) * small.width;
    for (let x = 0; x < W; x++) labels[y * W + x] = small.data[row + Math.floor((x * small.width) / W)];
  }
  const truth = encode({ width: W, height: H, channels: 1, depth: 8, data: labels });

  const ui = await open(page);
  await ui.image.setInputFiles({ name: "big.jpg", mimeType: "image/jpeg", buffer: image });
  await expect(ui.viewer).toHaveAttribute("data-runs", "1", { timeout: 240_000 });
  await expect(page.getByText("big.jpg · 6000×4000")).toBeVisible();
  await ui.truth.setInputFiles({ name: "big_gt.png", mimeType: "image/png", buffer: Buffer.from(truth) });
  await expect(ui.mIoU).toHaveText(/^\d+\.\d\d%$/);
  expect(Number((await ui.mIoU.textContent())!.replace("%", ""))).toBeGreaterThan(50);

  const [mask] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download mask" }).click(),
  ]);
  const png = decode(await readFile(await mask.path()));
  expect([png.width, png.height]).toEqual([W, H]);
  const [overlay] = await Promise.all([
    page.waitForEvent("download", { timeout: 120_000 }),
    page.getByRole("button", { name: "Download overlay" }).click(),
  ]);
  const meta = await sharp(await overlay.path()).metadata();
  expect([meta.width, meta.height]).toEqual([W, H]);
});

test("Samples: one click segments the golden image; the legend lists all classes before", async ({ page }) => {
  const ui = await open(page);
  const before = ui.classes.getByRole("listitem");
  await expect(before).toHaveCount(21);
  await expect(before.first()).toHaveText("background");
  await expect(before.last()).toHaveText("tvmonitor");
  const samples = page.getByRole("list", { name: "Samples" });
  await samples.getByRole("button", { name: "Segment sample Rider and horse" }).click();
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await expect(ui.classes.getByRole("button", { name: /^person\b/ })).toBeVisible();
  await expect(ui.classes.getByRole("button", { name: /^horse\b/ })).toBeVisible();
  await expect(page.getByText("golden.jpg · 257×257")).toBeVisible();
});

test("legend: only this class, then show all", async ({ page }) => {
  const ui = await open(page);
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  const toggle = (name: string) => ui.classes.getByRole("button", { name: new RegExp(`^${name}\\b`) });
  // Background starts hidden.
  await expect(toggle("background")).toHaveAttribute("aria-pressed", "false");
  await ui.classes.getByRole("button", { name: "Only this class: horse" }).click();
  await expect(toggle("horse")).toHaveAttribute("aria-pressed", "true");
  await expect(toggle("person")).toHaveAttribute("aria-pressed", "false");
  await expect(toggle("background")).toHaveAttribute("aria-pressed", "false");
  // Only horse pixels are painted.
  const painted = () =>
    ui.mask.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<string>();
      for (let i = 0; i < d.length; i += 4) if (d[i + 3]) colours.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      return [...colours];
    });
  await expect.poll(painted).toEqual([paletteColor(VOC_CLASSES.indexOf("horse")).join(",")]);
  await page.getByRole("button", { name: "Show all" }).click();
  for (const name of ["background", "person", "horse"])
    await expect(toggle(name)).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await painted()).length).toBe(3);
});

test("small things: file names, focus ring, opacity, key, title case, favicon", async ({ page, request }) => {
  const ui = await open(page);
  await expect(page.getByText("No file chosen")).toHaveCount(0);
  await ui.image.setInputFiles(`${VOC}/JPEGImages/2007_000033.jpg`);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await expect(page.getByText("2007_000033.jpg · 500×366")).toBeVisible();
  await expect(page.getByText("No file chosen")).toHaveCount(0);

  // Opacity works only in the Overlay view.
  const slider = page.getByLabel("Mask opacity", { exact: true });
  await expect(slider).toBeEnabled();
  await page.getByRole("radio", { name: "Mask" }).check();
  await expect(slider).toBeDisabled();
  await page.getByRole("radio", { name: "Image" }).check();
  await expect(slider).toBeDisabled();

  // The Show switch's focus ring is drawn and not clipped.
  await page.getByRole("radio", { name: "Image" }).focus();
  await page.keyboard.press("ArrowLeft");
  const overlay = page.getByRole("radio", { name: "Overlay" });
  await expect(overlay).toBeChecked();
  await expect(overlay).toBeFocused();
  const ring = await overlay.evaluate((input) => {
    const label = input.closest("label")!;
    const style = getComputedStyle(label);
    const clipped = [...document.querySelectorAll("*")].some(
      (el) => el.contains(label) && el !== label && getComputedStyle(el).overflow === "hidden",
    );
    return { width: style.outlineWidth, style: style.outlineStyle, clipped };
  });
  expect(ring).toEqual({ width: "2px", style: "solid", clipped: false });

  await ui.truth.setInputFiles(`${VOC}/SegmentationClass/2007_000033.png`);
  const heading = page.getByRole("heading", { name: "Scores against 2007_000033.png" });
  await expect(heading).toBeVisible();
  expect(await heading.evaluate((h) => (h as HTMLElement).innerText)).toContain("2007_000033.png");
  await expect(page.getByText("2007_000033.png · 500×366")).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Errors view colours" })).toHaveCount(0);
  // At a faint Overlay opacity the error map still shows at full strength: red where wrong, clear where right.
  await page.getByLabel("Mask opacity").fill("10");
  await page.getByRole("radio", { name: "Errors" }).check();
  await expect(page.getByRole("list", { name: "Errors view colours" })).toBeVisible();
  const map = page.getByRole("img", { name: "Error map" });
  await expect(map).toHaveCSS("opacity", "1");
  const tally = await map.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    const t = { clear: 0, red: 0, other: 0 };
    for (let i = 0; i < data.length; i += 4)
      if (data[i + 3] === 0) t.clear++;
      else if (data[i + 3] === 255 && data[i] > 200 && data[i + 1] < 100) t.red++;
      else t.other++;
    return t;
  });
  expect(tally.clear).toBeGreaterThan(tally.red);
  expect(tally.red).toBeGreaterThan(0);

  for (const path of ["/favicon.ico"]) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/image/);
  }
});

test("zoom and pan by wheel, drag and keys; a keyboard cursor reads out the class", async ({ page }) => {
  const ui = await open(page);
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  const stage = page.getByRole("group", { name: /^Image viewer/ });
  const transform = () =>
    stage
      .locator("div")
      .first()
      .evaluate((el) => (el as HTMLElement).style.transform);

  await stage.focus();
  await page.keyboard.press("+");
  await page.keyboard.press("+");
  await expect(stage).toHaveAttribute("data-zoom", "2.25");
  await page.keyboard.press("0");
  await expect(stage).toHaveAttribute("data-zoom", "1.00");

  // The cursor starts at the centre; the golden image has a person there.
  const status = page.getByRole("status").filter({ hasText: /Under pointer|At cursor/ });
  await page.keyboard.press("ArrowDown");
  await expect(status).toHaveText(/^At cursor \(128, 133\): [a-z]+$/);
  for (let i = 0; i < 30; i++) await page.keyboard.press("ArrowLeft");
  await expect(status).toHaveText(/^At cursor \(0, 133\): [a-z]+$/);

  const box = (await stage.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -600);
  await expect.poll(async () => Number(await stage.getAttribute("data-zoom"))).toBeGreaterThan(2);
  const before = await transform();
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 4 });
  await page.mouse.up();
  expect(await transform()).not.toBe(before);
  await expect(status).toHaveText(/^Under pointer: [a-z]+$/);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
});

/** npm run eval on the first VOC pair for a model: its mIoU in percent. */
async function cliMIoU(model: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "compare-e2e-"));
  const json = join(dir, "report.json");
  await promisify(execFile)(
    "npx",
    ["tsx", "scripts/eval.ts", "--model", model, "--voc", VOC, "--limit", "1", "--quiet", "--json", json],
    { cwd: process.cwd() },
  );
  const report = JSON.parse(await readFile(json, "utf8"));
  expect(report.perImage[0].id).toBe("2007_000033");
  return report.mIoU;
}

test("Compare: two models on a VOC image with ground truth, each mIoU as the CLI's", async ({ page }) => {
  test.setTimeout(360_000);
  const models = ["deeplabv3-257", "mnv2-dm05-513-fp16"];
  const cli = Promise.all(models.map(cliMIoU));
  const ui = await open(page);
  await ui.image.setInputFiles(`${VOC}/JPEGImages/2007_000033.jpg`);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await ui.truth.setInputFiles(`${VOC}/SegmentationClass/2007_000033.png`);
  await expect(ui.mIoU).toHaveText(/^\d+\.\d\d%$/);

  const panel = page.getByRole("region", { name: "Compare" });
  await panel.getByLabel("Side A model").selectOption(models[0]);
  await panel.getByLabel("Side A backend").selectOption("wasm");
  await panel.getByLabel("Side B model").selectOption(models[1]);
  await panel.getByLabel("Side B backend").selectOption("wasm");
  await panel.getByRole("checkbox", { name: "Highlight disagreement" }).check();
  await panel.getByRole("button", { name: "Run comparison" }).click();
  const side = (label: string) => panel.getByRole("figure", { name: new RegExp(`^Side ${label}: `) });
  await expect(side("B")).toBeVisible({ timeout: 240_000 });
  await expect(side("A").getByRole("img", { name: "Side A mask" })).toBeVisible();
  await expect(side("B").getByRole("img", { name: "Side B disagreement" })).toBeVisible();
  await expect(side("A").getByLabel("Time", { exact: true })).toHaveText(/^\d+\.\d ms$/);
  await expect(side("B").getByRole("table", { name: "Per-class IoU, side B" })).toBeVisible();
  await expect(panel.getByRole("status")).toHaveText(/disagree on \d+\.\d\d% of the pixels/);

  const shown = await Promise.all(
    ["A", "B"].map(async (l) =>
      Number((await side(l).getByLabel("mIoU", { exact: true }).textContent())!.replace("%", "")),
    ),
  );
  const expected = await cli;
  expect(shown[0]).not.toBe(shown[1]);
  for (const i of [0, 1]) expect(Math.abs(shown[i] - expected[i])).toBeLessThanOrEqual(0.1);
});

test("model options in plain words, with the time measured here once run; a skip link comes first", async ({
  page,
}) => {
  const scores = JSON.parse(await readFile("docs/model-scores.json", "utf8")).scores as {
    id: string;
    mode?: string;
    mIoU: number;
    pageMIoU?: number;
  }[];
  const manifest = JSON.parse(await readFile("public/models/manifest.json", "utf8")) as {
    models: { id: string; inputSize: number; bytes: number; browser?: { bytes: number } }[];
  };
  const ui = await open(page);
  for (const m of manifest.models.filter((m) => ["deeplabv3-257", "mnv2-dm05-513-fp16"].includes(m.id))) {
    const s = scores.find((r) => r.id === m.id && (r.mode === undefined || r.mode === "stretch"))!;
    const words = `${m.inputSize} px · ${(s.pageMIoU ?? s.mIoU).toFixed(1)} mIoU · ${((m.browser ?? m).bytes / 1e6).toFixed(1)} MB`;
    await expect(ui.model.locator(`option[value="${m.id}"]`)).toHaveText(
      new RegExp(`^(Fast|Balanced) · ${words.replace(/\./g, "\\.")}$`),
    );
  }
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await expect(ui.model.locator('option[value="deeplabv3-257"]')).toHaveText(/ · \d+ ms here$/);
  await expect(page.getByText(/^DeepLabv3 MobileNetV2 ×0\.5 · 257 px · float · 257×257 input · /)).toBeVisible();

  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
});

test("the URL follows the Model and Quality choice, so a reload or a shared link keeps them", async ({ page }) => {
  const ui = await open(page);
  const quality = page.getByRole("group", { name: "Quality" });
  const other = await ui.model.evaluate((select) =>
    [...(select as HTMLSelectElement).options]
      .map((o) => o.value)
      .find((v) => v !== (select as HTMLSelectElement).value),
  );
  await ui.model.selectOption(other!);
  await quality.getByRole("radio", { name: "Best", exact: true }).check();
  await expect(page).toHaveURL(new RegExp(`[?&]model=${other}(&|$)`));
  const mode = new URL(page.url()).searchParams.get("mode");
  expect(mode).toBeTruthy();
  // The page's own parameters stay.
  await page.goto(`/?backend=wasm&model=${other}&mode=${encodeURIComponent(mode!)}`);
  await quality.getByRole("radio", { name: "Fast", exact: true }).check();
  await expect(page).toHaveURL(/[?&]backend=wasm(&|$)/);
  await expect.poll(() => new URL(page.url()).searchParams.get("mode")).not.toBe(mode);
  const fast = new URL(page.url()).searchParams.get("mode");
  await page.reload();
  await expect(ui.model).toHaveValue(other!);
  await expect(quality.getByRole("radio", { name: "Fast", exact: true })).toBeChecked();
  expect(new URL(page.url()).searchParams.get("mode")).toBe(fast);
});
