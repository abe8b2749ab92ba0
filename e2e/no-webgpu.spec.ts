// A browser without WebGPU: the page defaults to WASM, and forcing WebGPU falls back with a message.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/node/chromium";
import { expect, GOLDEN_INPUT, test } from "@/e2e/fixtures";

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS.filter((a) => a !== "--enable-unsafe-webgpu").concat("--disable-webgpu"),
  },
});

test("without WebGPU the page runs on WASM, and forcing WebGPU says it fell back", async ({ page }) => {
  await page.goto("/");
  const backend = page.getByLabel("Backend", { exact: true });
  await expect(backend).toHaveValue("wasm");
  await backend.selectOption("WebGPU");
  await page.getByLabel("Upload image", { exact: true }).setInputFiles(GOLDEN_INPUT);
  const viewer = page.getByRole("figure", { name: "Segmentation result" });
  await expect(viewer).toHaveAttribute("data-runs", "1");
  await expect(page.getByLabel("Execution provider", { exact: true })).toHaveText(/^WASM/);
  await expect(page.getByText(/WebGPU unavailable — fell back to WASM: .+/)).toBeVisible();
  // The select says so too, next to where it was chosen.
  await expect(backend.locator("option:checked")).toHaveText("WebGPU (unavailable: runs on WASM)");
  await expect(page.getByRole("list", { name: "Classes" }).getByRole("button", { name: /^person\b/ })).toBeVisible();
});
