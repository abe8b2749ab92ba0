// The CLI decodes with libvips (libjpeg-turbo), the page with Chromium (libjpeg-turbo too): the page's own
// decoder (lib/image/decode.ts, bundled for the browser) must give the CLI's pixels exactly on VOC JPEGs.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import type { decodeImageBlob as decodeImageBlobType } from "@/lib/image/decode";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/node/chromium";
import { startServer, type TestServer } from "@/lib/node/static-server";
import { decodeImage } from "@/lib/node/decode";
import { missingShared, ROOT, VOC, vocIds } from "@/test/helpers/paths";

const IMAGES = 20;
let server: TestServer;
beforeAll(async () => {
  const lib = mkdtempSync(join(tmpdir(), "decode-"));
  await build({
    entryPoints: [`${ROOT}lib/image/decode.ts`],
    bundle: true,
    format: "esm",
    outfile: join(lib, "decode.js"),
    alias: { "@": ROOT },
    logLevel: "error",
  });
  server = await startServer([
    ["/voc/", `${VOC}/JPEGImages`],
    ["/lib/", lib],
  ]);
  server.pages.set(
    "/",
    '<!doctype html><title>decode</title><script type="module">' +
      'import { decodeImageBlob } from "/lib/decode.js"; window.decodeImageBlob = decodeImageBlob;</script>',
  );
});
afterAll(() => server?.close());

describe.skipIf(missingShared("voc"))("JPEG decoding: Chromium vs sharp", () => {
  test(`pixels agree on ${IMAGES} VOC images`, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(server.url + "/");
    await page.waitForFunction("'decodeImageBlob' in window");
    let differing = 0,
      total = 0,
      worst = 0;
    for (const id of vocIds(IMAGES)) {
      const browserRgba = Buffer.from(
        await page.evaluate(async (url) => {
          const { decodeImageBlob } = window as unknown as { decodeImageBlob: typeof decodeImageBlobType };
          const decoded = await decodeImageBlob(await (await fetch(url)).blob(), url, Infinity);
          decoded.bitmap.close();
          const data = decoded.raw.data;
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
    // Both use libjpeg-turbo's default (islow) IDCT and fancy upsampling: identical pixels.
    expect(differing).toBe(0);
  }, 180_000);
});
