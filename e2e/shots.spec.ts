// Screenshots for a person to look at, not a test: `SHOTS_DIR=/tmp/shots npx playwright test e2e/shots.spec.ts`.
import { expect, GOLDEN_INPUT, test, VOC } from "@/e2e/fixtures";

const DIR = process.env.SHOTS_DIR;
test.skip(!DIR, "screenshots are taken only when SHOTS_DIR names a folder");

for (const [w, h] of [
  [390, 844],
  [1280, 800],
])
  for (const scheme of ["light", "dark"] as const) {
    test(`shot ${w} ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: w, height: h });
      await page.goto("/");
      await expect(page.getByLabel("Model", { exact: true })).toBeEnabled();
      await page.getByLabel("Backend", { exact: true }).selectOption("WASM");
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${DIR}/empty-${w}-${scheme}.png` });
      await page.getByLabel("Upload image", { exact: true }).setInputFiles(GOLDEN_INPUT);
      await expect(page.getByRole("figure", { name: "Segmentation result" })).toHaveAttribute("data-runs", "1");
      await page.screenshot({ path: `${DIR}/result-${w}-${scheme}.png` });
      await page.getByLabel("Upload image", { exact: true }).setInputFiles(`${VOC}/JPEGImages/2007_000033.jpg`);
      await expect(page.getByRole("figure", { name: "Segmentation result" })).toHaveAttribute("data-runs", "2");
      await page
        .getByLabel("Upload ground truth", { exact: true })
        .setInputFiles(`${VOC}/SegmentationClass/2007_000033.png`);
      await page.screenshot({ path: `${DIR}/gt-${w}-${scheme}.png`, fullPage: true });
      await page.goto("/models");
      await expect(page.getByRole("group", { name: "mIoU against multiply-adds" }).getByRole("link")).not.toHaveCount(
        0,
      );
      await page.screenshot({ path: `${DIR}/models-${w}-${scheme}.png`, fullPage: true });
    });
  }
