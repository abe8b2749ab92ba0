// /evaluate as people use it: runs that last, unsupported images named, a warning before leaving mid-run.
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test, VOC } from "@/e2e/fixtures";

const image = (id: string) => `${VOC}/JPEGImages/${id}.jpg`;
const mask = (id: string) => `${VOC}/SegmentationClass/${id}.png`;
const payload = async (path: string, mimeType: string) => ({
  name: path.slice(path.lastIndexOf("/") + 1),
  mimeType,
  buffer: await readFile(path),
});

async function openPage(page: Page) {
  await page.goto("/evaluate");
  await expect(page.getByRole("combobox", { name: "Model" })).toBeEnabled();
  await page.getByRole("combobox", { name: "Backend" }).selectOption("WASM");
}

async function choose(page: Page, ids: string[]) {
  await page.getByLabel("Choose images", { exact: true }).setInputFiles(ids.map(image));
  await page.getByLabel("Choose masks", { exact: true }).setInputFiles(ids.map(mask));
}

test("runs are still listed after a reload, until Clear history, which can be undone", async ({ page }) => {
  await openPage(page);
  await choose(page, ["2007_000033"]);
  await page.getByRole("button", { name: "Run evaluation" }).click();
  await expect(page.getByRole("heading", { name: "Results · Run 1" })).toBeVisible();
  const mIoU = await page
    .getByRole("region", { name: /^Results/ })
    .getByLabel("mIoU", { exact: true })
    .textContent();

  await page.reload();
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.getByRole("row", { name: /^Run 1\b/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Results · Run 1" })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Results/ }).getByLabel("mIoU", { exact: true })).toHaveText(mIoU!);

  // A new run after the reload gets the next number.
  await expect(page.getByRole("combobox", { name: "Model" })).toBeEnabled();
  await page.getByRole("combobox", { name: "Backend" }).selectOption("WASM");
  await choose(page, ["2007_000042"]);
  await page.getByRole("button", { name: "Run evaluation" }).click();
  await expect(page.getByRole("heading", { name: "Results · Run 2" })).toBeVisible();
  await expect(runs.getByRole("row", { name: /^Run \d\b/ })).toHaveCount(2);

  // Clearing can be undone: the runs come back, on screen and saved.
  await page.getByRole("button", { name: "Clear history" }).click();
  await expect(runs).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "History cleared: 2 runs." })).toBeVisible();
  await page.getByRole("button", { name: "Undo", exact: true }).click();
  await expect(runs.getByRole("row", { name: /^Run \d\b/ })).toHaveCount(2);
  await expect(page.getByRole("heading", { name: "Results · Run 2" })).toBeVisible();
  await page.reload();
  await expect(runs.getByRole("row", { name: /^Run \d\b/ })).toHaveCount(2);

  await page.getByRole("button", { name: "Clear history" }).click();
  await expect(runs).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Model" })).toBeEnabled();
  await expect(page.getByRole("table", { name: "Runs" })).toHaveCount(0);
});

test("a GIF is reported as unsupported, and its mask is not called an orphan", async ({ page }) => {
  await openPage(page);
  const gif = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
  await page
    .getByLabel("Choose images", { exact: true })
    .setInputFiles([
      await payload(image("2007_000033"), "image/jpeg"),
      { name: "anim.gif", mimeType: "image/gif", buffer: gif },
    ]);
  await page
    .getByLabel("Choose masks", { exact: true })
    .setInputFiles([
      await payload(mask("2007_000033"), "image/png"),
      { name: "anim.png", mimeType: "image/png", buffer: gif },
    ]);
  await expect(page.getByRole("alert").filter({ hasText: /“anim\.gif”.*Only JPEG, PNG and WebP/ })).toBeVisible();
  await expect(page.getByText(/masks? without an image/)).toHaveCount(0);
  await expect(page.getByText("1 pair", { exact: true })).toBeVisible();
});

test("Cancel while the model loads stops the run at once, and the next run loads and scores", async ({ page }) => {
  await openPage(page);
  await choose(page, ["2007_000033"]);
  // The model file never arrives: without Cancel stopping the load, the run would wait for it for ever.
  const model = /\.onnx(\?|$)/;
  await page.context().route(model, () => {});
  await page.getByRole("button", { name: "Run evaluation" }).click();
  await expect(page.getByText(/^Loading the model…/)).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Cancelled before any image was scored." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);

  // The next run names each phase of the load, as the Segment page does, never "100%" while the session is built.
  await page.context().unroute(model);
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { phases: string[] }).phases = seen;
    new MutationObserver(() => {
      const line = document.querySelector('progress[aria-label="Evaluation progress"]')?.nextElementSibling;
      if (line?.textContent && seen.at(-1) !== line.textContent) seen.push(line.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole("button", { name: "Run evaluation" }).click();
  await expect(page.getByRole("heading", { name: "Results · Run 1" })).toBeVisible();
  const phases = await page.evaluate(() => (window as unknown as { phases: string[] }).phases);
  expect(
    phases.some((p) => /^Preparing the model for WASM \(checking it and building the session\)…/.test(p)),
    String(phases),
  ).toBe(true);
  expect(phases.filter((p) => /100%/.test(p))).toEqual([]);
});

test("leaving mid-run asks first, and staying keeps the run going", async ({ page }) => {
  await openPage(page);
  const ids = ["2007_000033", "2007_000042", "2007_000061", "2007_000123", "2007_000129"];
  await choose(page, ids);
  await page.getByRole("button", { name: "Run evaluation" }).click();
  await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
  const dialogs: string[] = [];
  page.once("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Segment" }).click();
  expect(dialogs).toEqual(["An evaluation is running. Leave the page and stop it?"]);
  await expect(page).toHaveURL(/\/evaluate$/);
  await expect(page.getByRole("heading", { name: /^Results · Run \d+$/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Runs" }).getByRole("cell", { name: "complete" })).toBeVisible();
});
