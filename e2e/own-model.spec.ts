// Bring your own model: a .tflite dropped on the page is converted there, kept in the browser and run like a built-in one.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { decode } from "fast-png";
import { classEntries, expect, GOLDEN_INPUT, locate, test, VOC } from "@/e2e/fixtures";
import type { EvalReport } from "@/lib/metrics/report";
import { paletteColor } from "@/lib/voc/palette";
import { hueLabels, hueModel, TWO_CLASS_LABELS, twoClassModel, unsupportedOpModel } from "@/test/helpers/own-models";
import { SHARED_MODELS } from "@/test/helpers/paths";

const exec = promisify(execFile);
const DR = `${SHARED_MODELS}/lite-model_mobilenetv2-dm05-coco_dr_1.tflite`;
const METADATA = `${SHARED_MODELS}/deeplabv3_257_mv_gpu_metadata.tflite`;
const IMAGE_33 = `${VOC}/JPEGImages/2007_000033.jpg`;
const TRUTH_33 = `${VOC}/SegmentationClass/2007_000033.png`;

async function open(page: Page) {
  await page.goto("/");
  const ui = locate(page);
  await ui.backend.selectOption("WASM");
  await expect(ui.backend).toHaveValue("wasm");
  return ui;
}

/** Drops files on the "Add your own model" zone as a user's drag and drop does. */
async function drop(page: Page, files: { name: string; bytes: Uint8Array }[]) {
  const payload = files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString("base64") }));
  const zone = await page.getByRole("group", { name: "Drop a model file here" }).elementHandle();
  await page.evaluate(
    ([zone, payload]) => {
      const data = new DataTransfer();
      for (const f of payload) data.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      zone!.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [zone, payload] as const,
  );
}

const fileOf = async (path: string, name = path.split("/").pop()!) => ({ name, bytes: await readFile(path) });

/** Waits for all five phases to be done. */
async function converted(page: Page) {
  const progress = locate(page).progress;
  for (const phase of [
    "Read the file",
    "Rewrite the graph",
    "Convert to ONNX",
    "Write the ONNX file",
    "Create the session",
  ])
    await expect(progress.getByText(new RegExp(`^${phase} · done in \\d+ ms$`))).toBeVisible();
}

test("a dropped .tflite converts in the page, scores as the built-in model and works after a reload from the browser's storage", async ({
  page,
}) => {
  test.setTimeout(600_000);
  const ui = await open(page);
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");

  const requests: string[] = [];
  page.context().on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await drop(page, [await fileOf(DR)]);
  await converted(page);
  // The conversion reads nothing but the app's own scripts (the convert worker's chunks): no model file, no upload.
  // The address follows the model now chosen (history.replaceState), and Chromium then asks for the tab's icon again.
  console.log(`requests while converting and loading: ${requests.join(", ")}`);
  expect(requests.some((r) => r.includes("turbopack-worker"))).toBe(true);
  expect(requests.filter((r) => !/^GET \/_next\/static\//.test(r) && r !== "GET /favicon.ico")).toEqual([]);

  const id = await ui.model.inputValue();
  expect(id).toMatch(/^own-[0-9a-f]{12}$/);
  await expect(ui.model.locator("option:checked")).toHaveText(
    /lite-model_mobilenetv2-dm05-coco_dr_1\.tflite \(your own\)/,
  );
  await expect(ui.viewer).toHaveAttribute("data-runs", "2");
  await expect(ui.classes.getByRole("button", { name: /^person\b/ })).toBeVisible();
  await expect(ui.classes.getByRole("button", { name: /^horse\b/ })).toBeVisible();
  await expect(ui.ownModels.getByRole("listitem")).toHaveText(/21 classes \(labels from metadata\)/);

  // One VOC image scored with the user's model and with the built-in model it came from.
  await ui.image.setInputFiles(IMAGE_33);
  await expect(ui.viewer).toHaveAttribute("data-runs", "3");
  await ui.truth.setInputFiles(TRUTH_33);
  const own = Number((await ui.mIoU.textContent())!.replace("%", ""));
  await ui.model.selectOption("mnv2-dm05-513-dr");
  await expect(ui.viewer).toHaveAttribute("data-runs", "4");
  const builtin = Number((await ui.mIoU.textContent())!.replace("%", ""));
  console.log(`2007_000033 mIoU: own ${own}%, mnv2-dm05-513-dr ${builtin}%`);
  expect(Math.abs(own - builtin)).toBeLessThanOrEqual(0.01);

  // After a reload it is still listed and runs from Cache Storage: the file is never requested.
  requests.length = 0;
  await page.context().route("**/custom-models/**", (route) => route.abort());
  await page.reload();
  await ui.backend.selectOption("WASM");
  await ui.model.selectOption(id);
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  await expect(ui.classes.getByRole("button", { name: /^person\b/ })).toBeVisible();
  console.log(`requests after the reload: ${requests.join(", ")}`);
  // The log sees the inference worker's own requests (ort), and no model file among them.
  expect(requests.some((r) => r.startsWith("GET /ort/"))).toBe(true);
  expect(requests.filter((r) => r.includes("custom-models") || r.includes(".onnx") || !r.startsWith("GET "))).toEqual(
    [],
  );

  await page.getByRole("button", { name: "Remove lite-model_mobilenetv2-dm05-coco_dr_1.tflite" }).click();
  await expect(ui.model.locator(`option[value="${id}"]`)).toHaveCount(0);
});

test("labels come from the model's metadata", async ({ page }) => {
  test.setTimeout(300_000);
  const ui = await open(page);
  await drop(page, [await fileOf(METADATA)]);
  await converted(page);
  await expect(ui.ownModels.getByRole("listitem")).toHaveText(
    /deeplabv3_257_mv_gpu_metadata\.tflite · 21 classes \(labels from metadata\)/,
  );
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.classes.getByRole("button", { name: /^person\b/ })).toBeVisible();
});

test("models outside the contract are refused naming the op, the file or the offset; the page goes on", async ({
  page,
}) => {
  const ui = await open(page);
  const dr = await readFile(DR);
  const cases: [{ name: string; bytes: Uint8Array }, RegExp][] = [
    [
      { name: "ops.tflite", bytes: unsupportedOpModel() },
      /"ops\.tflite": unsupported TFLite ops: TANH \(×1\), CUSTOM:MyPostprocess \(×1\)/,
    ],
    [
      { name: "notes.txt.tflite", bytes: new TextEncoder().encode("hello\n") },
      /"notes\.txt\.tflite" is not a TFLite model/,
    ],
    [{ name: "cut.tflite", bytes: dr.subarray(0, 100_000) }, /"cut\.tflite": .*offset \d+/],
  ];
  for (const [file, message] of cases) {
    await drop(page, [file]);
    await expect(ui.alert(message)).toBeVisible();
  }
  await ui.addModel.setInputFiles({ name: "notes.tflite", mimeType: "text/plain", buffer: Buffer.from("just text") });
  await expect(ui.alert(/"notes\.tflite" is not a TFLite model/)).toBeVisible();
  await expect(ui.ownModels).toHaveCount(0);
  await expect(ui.model).toHaveValue("deeplabv3-257");
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.classes.getByRole("button", { name: /^person\b/ })).toBeVisible();
});

test("a 2-class model shows its two labels, and its mask downloads in those two palette colours", async ({ page }) => {
  const ui = await open(page);
  await ui.labelsFile.setInputFiles({
    name: "warmth.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(TWO_CLASS_LABELS),
  });
  await ui.addModel.setInputFiles({
    name: "warmth.tflite",
    mimeType: "application/octet-stream",
    buffer: Buffer.from(twoClassModel()),
  });
  await converted(page);
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  const entries = classEntries(page);
  await expect(entries).toHaveCount(2);
  await expect(entries.filter({ hasText: /^cool\b/ })).toHaveCount(1);
  await expect(entries.filter({ hasText: /^warm\b/ })).toHaveCount(1);

  const [mask] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download mask" }).click(),
  ]);
  const png = decode(await readFile(await mask.path()));
  expect(png.channels).toBe(1);
  expect([...new Set(png.data)].sort()).toEqual([0, 1]);
  const palette = png.palette!;
  expect([palette[0], palette[1]]).toEqual([paletteColor(0), paletteColor(1)]);

  // Its classes are not VOC's: a VOC mask cannot score it, and the page says why.
  await ui.image.setInputFiles(IMAGE_33);
  await expect(ui.viewer).toHaveAttribute("data-runs", "2");
  await ui.truth.setInputFiles(TRUTH_33);
  await expect(ui.alert(/cannot be scored against a VOC mask: none of its 2 classes \(cool, warm\)/)).toBeVisible();
  await expect(classEntries(page)).toHaveCount(2);
});

test("on /evaluate, the user's model scores as the built-in model it came from; other classes score over those shared with VOC", async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.goto("/evaluate");
  const model = page.getByRole("combobox", { name: "Model", exact: true });
  await expect(model).toBeEnabled();
  await page.getByLabel("Backend", { exact: true }).selectOption("WASM");
  const ids = ["2007_000033", "2007_000042"];
  await page.getByLabel("Choose images", { exact: true }).setInputFiles(ids.map((id) => `${VOC}/JPEGImages/${id}.jpg`));
  await page
    .getByLabel("Choose masks", { exact: true })
    .setInputFiles(ids.map((id) => `${VOC}/SegmentationClass/${id}.png`));
  await expect(page.getByText("2 pairs", { exact: true })).toBeVisible();
  let runs = 0;
  /** Runs the set and reads the new run's mIoU. */
  const mIoU = async () => {
    await page.getByRole("button", { name: "Run evaluation" }).click();
    await expect(page.getByRole("heading", { name: `Results · Run ${++runs}`, exact: true })).toBeVisible();
    const results = page.getByRole("region", { name: `Results · Run ${runs}` });
    return Number((await results.getByLabel("mIoU", { exact: true }).textContent())!.replace("%", ""));
  };

  await page.getByLabel("Add your own model", { exact: true }).setInputFiles(DR);
  await converted(page);
  await expect(model).toHaveValue(/^own-/);
  const own = await mIoU();
  await model.selectOption("mnv2-dm05-513-dr");
  const builtin = await mIoU();
  console.log(`2 pairs mIoU on /evaluate: own ${own}%, mnv2-dm05-513-dr ${builtin}%`);
  expect(Math.abs(own - builtin)).toBeLessThanOrEqual(0.01);

  // A model of other classes scores over the classes it shares with VOC, and says which; one sharing none is refused.
  const add = async (name: string, labels: string, classes: 2 | 3) => {
    await page.getByLabel("Labels file", { exact: true }).setInputFiles({
      name: `${name}.txt`,
      mimeType: "text/plain",
      buffer: Buffer.from(labels),
    });
    await page.getByLabel("Add your own model", { exact: true }).setInputFiles({
      name: `${name}.tflite`,
      mimeType: "application/octet-stream",
      buffer: Buffer.from(twoClassModel(33, classes)),
    });
    await converted(page);
  };
  await add("grass", "background\nperson\ngrass\n", 3);
  const shared = await mIoU();
  // The CLI scores the same model on the same two pairs (the first of val.txt) with the same mapping.
  const dir = await mkdtemp(join(tmpdir(), "own-eval-"));
  await writeFile(join(dir, "grass.tflite"), twoClassModel(33, 3));
  await writeFile(join(dir, "grass.txt"), "background\nperson\ngrass\n");
  const json = join(dir, "report.json");
  const cliArgs = ["--model-file", join(dir, "grass.tflite"), "--labels", join(dir, "grass.txt"), "--voc", VOC];
  await exec("npx", ["tsx", "scripts/eval.ts", ...cliArgs, "--limit", "2", "--quiet", "--json", json]);
  const cli = JSON.parse(await readFile(json, "utf8")) as EvalReport;
  expect(cli.perImage.map((i) => i.id)).toEqual(ids);
  console.log(`grass model, 2 pairs over background and person: page ${shared}%, CLI ${cli.mIoU.toFixed(2)}%`);
  expect(Math.abs(shared - cli.mIoU)).toBeLessThanOrEqual(0.01);
  await expect(
    page.getByRole("status").filter({
      hasText: "grass.tflite (your own) shares 2 of VOC's 21 classes; scored over those only: background, person.",
    }),
  ).toBeVisible();
  const rows = page.getByRole("table", { name: "Per-class IoU" }).getByRole("row");
  await expect(rows.filter({ hasText: /^aeroplane/ })).toContainText("–");

  await add("warmth", TWO_CLASS_LABELS, 2);
  await page.getByRole("button", { name: "Run evaluation" }).click();
  await expect(
    page.getByRole("status").filter({
      hasText: /warmth\.tflite \(your own\) cannot be scored on this set: none of its 2 classes \(cool, warm\)/,
    }),
  ).toBeVisible();
});

test("an .onnx takes its size and normalisation from the form", async ({ page }) => {
  test.setTimeout(300_000);
  const ui = await open(page);
  // The app's own dr file, as a user's ONNX: it takes 0–255 RGB at any size, so mean 0, std 1, and a size to give.
  await ui.addModel.setInputFiles({
    name: "dr.onnx",
    mimeType: "application/octet-stream",
    buffer: await readFile("public/models/mnv2-dm05-513-dr.onnx"),
  });
  const form = page.getByRole("form", { name: "Settings for dr.onnx" });
  await form.getByLabel("Mean", { exact: true }).fill("0");
  await form.getByLabel("Std", { exact: true }).fill("1");
  await form.getByRole("button", { name: "Add ONNX model" }).click();
  await expect(ui.alert(/"dr\.onnx": its input size cannot be read .*give the input size in the form/)).toBeVisible();
  await ui.addModel.setInputFiles({
    name: "dr.onnx",
    mimeType: "application/octet-stream",
    buffer: await readFile("public/models/mnv2-dm05-513-dr.onnx"),
  });
  await form.getByLabel("Input size (px)", { exact: true }).fill("513");
  await form.getByLabel("Mean", { exact: true }).fill("0");
  await form.getByLabel("Std", { exact: true }).fill("1");
  await form.getByRole("button", { name: "Add ONNX model" }).click();
  await expect(ui.progress.getByText(/^Create the session · done in \d+ ms$/)).toBeVisible();
  await expect(ui.model.locator("option:checked")).toHaveText(/dr\.onnx \(your own\)/);
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.classes.getByRole("button", { name: /^person\b/ })).toBeVisible();
  await expect(ui.classes.getByRole("button", { name: /^horse\b/ })).toBeVisible();
});

test("a 150-class model draws classes beyond VOC's 21 in the palette's colours", async ({ page }) => {
  const ui = await open(page);
  await ui.labelsFile.setInputFiles({ name: "hues.txt", mimeType: "text/plain", buffer: Buffer.from(hueLabels(150)) });
  await ui.addModel.setInputFiles({
    name: "hues.tflite",
    mimeType: "application/octet-stream",
    buffer: Buffer.from(hueModel(150)),
  });
  await converted(page);
  await expect(ui.ownModels.getByRole("listitem")).toHaveText(/hues\.tflite · 150 classes \(labels from file\)/);
  await ui.image.setInputFiles(GOLDEN_INPUT);
  await expect(ui.viewer).toHaveAttribute("data-runs", "1");
  const names = (await classEntries(page).allTextContents()).map((t) => Number(/^hue (\d+)/.exec(t)![1]));
  console.log(`150-class model: ${names.length} classes in the legend, e.g. ${names.slice(0, 5).join(", ")}`);
  const beyond = names.filter((k) => k > 20);
  expect(beyond.length).toBeGreaterThan(0);
  const k = beyond[0];
  const swatch = ui.classes
    .getByRole("button", { name: new RegExp(`^hue ${k}\\b`) })
    .locator("span")
    .first();
  await expect(swatch).toHaveCSS("background-color", `rgb(${paletteColor(k).join(", ")})`);
  const [mask] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download mask" }).click(),
  ]);
  const png = decode(await readFile(await mask.path()));
  expect([...new Set(png.data)].sort((a, b) => a - b)).toEqual([...names].sort((a, b) => a - b));
});
