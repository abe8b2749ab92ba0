import { test as base, expect, type Page } from "@playwright/test";

import { SHARED_MODELS, VOC } from "@/test/helpers/paths";

export { VOC };
export const GOLDEN_INPUT = `${SHARED_MODELS}/testdata/segmentation_input_rotation0.jpg`;

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

/** The legend's class entries: its toggle buttons, without each entry's "Only this class" button. */
export const classEntries = (page: Page) =>
  page
    .getByRole("list", { name: "Classes" })
    .getByRole("button")
    .filter({ hasNotText: /^Only$/ });
