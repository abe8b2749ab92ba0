import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/node/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: "e2e",
  timeout: 240_000,
  expect: { timeout: 120_000 },
  // Specs are independent (each its own context); on 2 cores two workers ran the suite in 406 s against 501 s for one.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "on-first-retry",
  },
  webServer: {
    command: "tsx scripts/start.ts",
    env: { PORT: String(PORT) },
    url: `http://127.0.0.1:${PORT}/models/manifest.json`,
    timeout: 600_000,
    reuseExistingServer: !process.env.CI,
    stdout: "ignore",
  },
});
