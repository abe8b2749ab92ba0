// The CLI decodes with libvips (libjpeg-turbo), the page with Chromium (libjpeg-turbo too): measure
// how often they disagree on VOC JPEGs, so CLI and page scores can be compared honestly.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/scripts/node/chromium";
import { startServer, type TestServer } from "@/scripts/node/static-server";
import { decodeImage } from "@/scripts/node/decode";
import { VOC, hasVoc, vocIds } from "@/test/helpers/paths";

const IMAGES = 20;
let server: TestServer;
beforeAll(async () => {
  server = await startServer([["/voc/", `${VOC}/JPEGImages`]]);
  server.pages.set("/", "<!doctype html><title>decode</title>");
});
afterAll(() => server?.close());

describe.skipIf(!hasVoc)("JPEG decoding: Chromium vs sharp", () => {
  test(`pixels agree on ${IMAGES} VOC images`, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(server.url + "/");
    let differing = 0,
      total = 0,
      worst = 0;
    for (const id of vocIds(IMAGES)) {
      const browserRgba = Buffer.from(
        await page.evaluate(async (url) => {
          const bitmap = await createImageBitmap(await (await fetch(url)).blob(), {
            imageOrientation: "from-image",
            premultiplyAlpha: "none",
          });
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
          ctx.drawImage(bitmap, 0, 0);
          const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
          let s = "";
          for (let i = 0; i < data.length; i += 8192) s += String.fromCharCode(...data.subarray(i, i + 8192));
          return btoa(s);
        }, `/voc/${id}.jpg`),
        "base64",
      );
      const node = await decodeImage(new Uint8Array(readFileSync(`${VOC}/JPEGImages/${id}.jpg`)));
      expect(browserRgba.length).toBe(node.width * node.height * 4);
      for (let p = 0; p < node.width * node.height; p++) {
        let same = true;
        for (let c = 0; c < 3; c++) {
          const d = Math.abs(browserRgba[p * 4 + c] - node.data[p * 3 + c]);
          worst = Math.max(worst, d);
          if (d) same = false;
        }
        if (!same) differing++;
      }
      total += node.width * node.height;
    }
    await browser.close();
    console.log(
      `decode agreement: ${differing} of ${total} pixels differ (${((100 * differing) / total).toFixed(4)}%), largest channel difference ${worst}`,
    );
    // Both use libjpeg-turbo's default (islow) IDCT and fancy upsampling: expect identical pixels.
    expect(differing / total).toBeLessThan(0.001);
  }, 180_000);
});
