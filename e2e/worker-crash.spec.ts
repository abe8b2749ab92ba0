// The inference worker dies (here: its script fails to load): the page says so, then recovers
// on the next upload without a reload.
import { expect, GOLDEN_INPUT, test } from "@/e2e/fixtures";

test("a crashed inference worker gets a message and the page recovers", async ({ page, context }) => {
  await context.route(/turbopack-worker|worker.*\.js/, (route) => route.abort());
  await page.goto("/");
  const backend = page.getByLabel("Backend", { exact: true });
  await backend.selectOption("WASM");
  const image = page.getByLabel("Upload image", { exact: true });
  await image.setInputFiles(GOLDEN_INPUT);
  await expect(page.getByRole("alert").filter({ hasText: /inference worker crashed/ })).toBeVisible();

  await context.unrouteAll();
  await image.setInputFiles(GOLDEN_INPUT);
  await expect(page.getByRole("figure", { name: "Segmentation result" })).toHaveAttribute("data-runs", "1");
  await expect(page.getByRole("list", { name: "Classes" }).getByRole("button", { name: /^horse\b/ })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveCount(0);
});
