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

/** The Segment page's controls, found by role and name. */
export function locate(page: Page) {
  return {
    image: page.getByLabel("Upload image", { exact: true }),
    truth: page.getByLabel("Upload ground truth", { exact: true }),
    model: page.getByLabel("Model", { exact: true }),
    backend: page.getByLabel("Backend", { exact: true }),
    viewer: page.getByRole("figure", { name: "Segmentation result" }),
    classes: page.getByRole("list", { name: "Classes" }),
    provider: page.getByLabel("Execution provider", { exact: true }),
    mask: page.getByRole("img", { name: "Segmentation mask" }),
    mIoU: page.getByLabel("mIoU", { exact: true }),
    scores: page.getByRole("table", { name: "Per-class IoU" }),
    alert: (text: string | RegExp) => page.getByRole("alert").filter({ hasText: text }),
    addModel: page.getByLabel("Add your own model", { exact: true }),
    labelsFile: page.getByLabel("Labels file", { exact: true }),
    dropZone: page.getByRole("group", { name: "Drop a model file here" }),
    progress: page.getByRole("list", { name: "Conversion progress" }),
    ownModels: page.getByRole("list", { name: "Your models" }),
  };
}
