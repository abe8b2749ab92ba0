import { test as base, expect } from "@playwright/test";

export const SHARED = process.env.SHARED_DIR ?? `${process.cwd()}/../shared`;
export const GOLDEN_INPUT = `${SHARED}/models/testdata/segmentation_input_rotation0.jpg`;
export const VOC = `${SHARED}/voc-sample`;

/** Every test fails on a request to any host other than the app's own. */
export const test = base.extend<{ offlineGuard: void }>({
  offlineGuard: [
    async ({ page, baseURL }, use) => {
      const foreign: string[] = [];
      const origin = new URL(baseURL!).origin;
      page.on("request", (request) => {
        const url = new URL(request.url());
        if (!["data:", "blob:"].includes(url.protocol) && url.origin !== origin) foreign.push(request.url());
      });
      await use();
      expect(foreign, "requests to hosts other than the app's own").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
