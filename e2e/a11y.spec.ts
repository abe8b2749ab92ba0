// axe-core (from npm) finds no violations on /, /evaluate and /models, in light and dark colour schemes.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "@playwright/test";
import { expect, GOLDEN_INPUT, test, VOC } from "@/e2e/fixtures";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe in the page (evaluated through the DevTools protocol, so the page's CSP needs no exception). */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run({ resultTypes: ["violations"] });
    return result.violations;
  });
  return found.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${v.help} @ ${n.target.join(" ")} ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`),
  );
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test(`/ has no axe violations: empty, with a result, with ground truth, comparing (${scheme})`, async ({
      page,
    }) => {
      await page.goto("/");
      await expect(page.getByLabel("Model", { exact: true })).toBeEnabled();
      await expect(page.getByRole("list", { name: "Samples" }).getByRole("button")).not.toHaveCount(0);
      expect(await violations(page)).toEqual([]);
      await page.getByLabel("Backend", { exact: true }).selectOption("WASM");
      await page.getByLabel("Upload image", { exact: true }).setInputFiles(GOLDEN_INPUT);
      const viewer = page.getByRole("figure", { name: "Segmentation result" });
      await expect(viewer).toHaveAttribute("data-runs", "1");
      await page
        .getByRole("list", { name: "Classes" })
        .getByRole("button", { name: /^person\b/ })
        .click();
      expect(await violations(page)).toEqual([]);
      await page.getByLabel("Upload image", { exact: true }).setInputFiles(`${VOC}/JPEGImages/2007_000033.jpg`);
      await expect(viewer).toHaveAttribute("data-runs", "2");
      await page
        .getByLabel("Upload ground truth", { exact: true })
        .setInputFiles(`${VOC}/SegmentationClass/2007_000033.png`);
      await expect(page.getByRole("table", { name: "Per-class IoU" })).toBeVisible();
      await page.getByRole("radio", { name: "Errors" }).check();
      expect(await violations(page)).toEqual([]);

      const compare = page.getByRole("region", { name: "Compare" });
      await compare.getByLabel("Side B backend").selectOption("wasm");
      await compare.getByRole("checkbox", { name: "Highlight disagreement" }).check();
      await compare.getByRole("button", { name: "Run comparison" }).click();
      await expect(compare.getByRole("figure", { name: /^Side B: / })).toBeVisible({ timeout: 180_000 });
      expect(await violations(page)).toEqual([]);
    });

    test(`/evaluate has no axe violations: empty, with results, and with history cleared (${scheme})`, async ({
      page,
    }) => {
      await page.goto("/evaluate");
      await expect(page.getByLabel("Model", { exact: true })).toBeEnabled();
      expect(await violations(page)).toEqual([]);
      await page.getByLabel("Backend", { exact: true }).selectOption("WASM");
      const ids = ["2007_000033", "2007_000042"];
      await page
        .getByLabel("Choose images", { exact: true })
        .setInputFiles(ids.map((id) => `${VOC}/JPEGImages/${id}.jpg`));
      await page
        .getByLabel("Choose masks", { exact: true })
        .setInputFiles(ids.map((id) => `${VOC}/SegmentationClass/${id}.png`));
      await page.getByRole("button", { name: "Run evaluation" }).click();
      await expect(page.getByRole("heading", { name: /^Results · Run \d+$/ })).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await page.getByRole("button", { name: "Clear history" }).click();
      await expect(page.getByRole("button", { name: "Undo", exact: true })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test(`/models has no axe violations: both charts and the table (${scheme})`, async ({ page }) => {
      await page.goto("/models");
      await expect(page.getByLabel("Backend", { exact: true })).toBeEnabled();
      const table = page.getByRole("table", { name: "Configurations" });
      await expect(table.getByRole("row")).not.toHaveCount(0);
      await expect(page.getByRole("group", { name: "mIoU against multiply-adds" }).getByRole("link")).not.toHaveCount(
        0,
      );
      expect(await violations(page)).toEqual([]);
    });
  });
}
