// /evaluate over a long run (the VOC sample repeated under new names): memory at pair 100 and at the end.
import { mkdtempSync, symlinkSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";

/** Page + worker memory (JS heaps and wasm memory) as Chromium attributes it. */
const memory = (page: Page) =>
  page.evaluate(async () => {
    const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
    return p.measureUserAgentSpecificMemory ? (await p.measureUserAgentSpecificMemory()).bytes : NaN;
  });

export async function evalMemory(browser: Browser, app: string, voc: string, ids: string[], pairs: number) {
  const dir = mkdtempSync(join(tmpdir(), "bench-eval-memory-"));
  mkdirSync(join(dir, "images"));
  mkdirSync(join(dir, "masks"));
  const names = Array.from({ length: pairs }, (_, k) => {
    const id = ids[k % ids.length];
    const name = `r${Math.floor(k / ids.length)}_${id}`;
    symlinkSync(join(voc, `JPEGImages/${id}.jpg`), join(dir, `images/${name}.jpg`));
    symlinkSync(join(voc, `SegmentationClass/${id}.png`), join(dir, `masks/${name}.png`));
    return name;
  });
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${app}/evaluate?backend=wasm`);
  await page.getByLabel("Choose images").setInputFiles(names.map((n) => join(dir, `images/${n}.jpg`)));
  await page.getByLabel("Choose masks").setInputFiles(names.map((n) => join(dir, `masks/${n}.png`)));
  await page.getByLabel("Backend").selectOption("WASM");
  await page.bringToFront();
  await page.getByRole("button", { name: "Run evaluation" }).click();
  await page.waitForFunction(
    () =>
      Number(document.querySelector('progress[aria-label="Evaluation progress"]')?.getAttribute("value") ?? 0) >= 100,
    null,
    { timeout: 1_800_000, polling: 100 },
  );
  const at100 = await memory(page);
  await page.getByRole("heading", { name: /^Results · Run \d+$/ }).waitFor({ timeout: 3_600_000 });
  const atEnd = await memory(page);
  await page.context().close();
  return { pairs, at100, atEnd, growth: (atEnd - at100) / at100 };
}
