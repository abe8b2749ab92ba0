import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Two tiers. unit: pure code, no ../shared data, no subprocess, no browser (npm run test:unit, well under a minute).
// data: *.data.test.ts, the suites that read the models and the VOC sample, run the CLI or drive Chromium.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    testTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.data.test.ts"],
          env: { TEST_TIER: "unit" },
        },
      },
      { extends: true, test: { name: "data", include: ["test/**/*.data.test.ts"] } },
    ],
  },
});
