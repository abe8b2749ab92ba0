import { chromium, type Browser, type Page } from "playwright-core";
import { fileURLToPath } from "node:url";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/node/chromium";
import { startServer, type TestServer } from "@/lib/node/static-server";

const root = fileURLToPath(new URL("../..", import.meta.url));
const resolve = (...parts: string[]) => parts.join("/");

const PAGE = `<!doctype html><meta charset="utf-8">
<script src="/tfjs-core/tf-core.min.js"></script>
<script src="/tfjs-cpu/tf-backend-cpu.min.js"></script>
<script src="/tflite/tf-tflite.min.js"></script>
<script>
  tflite.setWasmPath("/tflite/");
  const models = {};
  // Ours arrives as planar [C,H,W] float32; theirs stays in the page, since uploading 22 MB of logits costs
  // about 2 s a run. Argmax takes the lowest index on ties, as test/helpers/logits.ts does.
  window.compareTflite = async (modelUrl, dataKey, oursKey, threads, quant) => {
    models[modelUrl] ??= await tflite.loadTFLiteModel(modelUrl, { numThreads: threads });
    const model = models[modelUrl];
    const info = model.inputs[0];
    const bytes = await (await fetch("/data/" + dataKey)).arrayBuffer();
    const values = info.dtype === "float32" ? new Float32Array(bytes) : Int32Array.from(new Uint8Array(bytes));
    const input = tf.tensor(values, info.shape, info.dtype);
    const t0 = performance.now();
    const output = model.predict(input);
    const ms = performance.now() - t0;
    const theirs = await output.data();
    const ours = new Float32Array(await (await fetch("/data/" + oursKey)).arrayBuffer());
    const [, H, W, C] = output.shape;
    const pixels = H * W;
    const [scale, zero] = quant ?? [1, 0];
    let agree = 0, maxDiff = 0;
    for (let i = 0; i < pixels; i++) {
      let a = 0, b = 0, bestA = ours[i], bestB = (theirs[i * C] - zero) * scale;
      for (let k = 0; k < C; k++) {
        const x = ours[k * pixels + i], y = (theirs[i * C + k] - zero) * scale;
        if (x > bestA) { bestA = x; a = k; }
        if (y > bestB) { bestB = y; b = k; }
        maxDiff = Math.max(maxDiff, Math.abs(x - y));
      }
      if (a === b) agree++;
    }
    tf.dispose([input, output]);
    return { shape: output.shape, ms, agree, total: pixels, maxDiff, sizeMatches: ours.length === theirs.length };
  };
</script>`;

export interface Agreement {
  /** Pixels whose argmax class is the same in both. */
  agree: number;
  total: number;
  /** Largest |Δ| between any two logits (quantized outputs dequantized first). */
  maxDiff: number;
  shape: number[];
  ms: number;
}

/** The original TFLite file run by @tensorflow/tfjs-tflite in headless Chromium: the independent reference. */
export class TfliteReference {
  private constructor(
    private server: TestServer,
    private browser: Browser,
    private page: Page,
  ) {}

  static async start(): Promise<TfliteReference> {
    const server = await startServer([
      ["/tfjs-core/", resolve(root, "node_modules/@tensorflow/tfjs-core/dist")],
      ["/tfjs-cpu/", resolve(root, "node_modules/@tensorflow/tfjs-backend-cpu/dist")],
      // The wasm threads look for their files beside the script, so both folders share one path.
      ["/tflite/", resolve(root, "node_modules/@tensorflow/tfjs-tflite/dist")],
      ["/tflite/", resolve(root, "node_modules/@tensorflow/tfjs-tflite/wasm")],
    ]);
    server.pages.set("/", PAGE);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(server.url + "/");
    await page.waitForFunction(() => "compareTflite" in window);
    return new TfliteReference(server, browser, page);
  }

  /** Serves extra model bytes (for rewritten copies) under /data/<key>. */
  addModel(key: string, bytes: Uint8Array): string {
    this.server.data.set(key, bytes);
    return `/data/${key}`;
  }

  /**
   * Runs the model on `input` (NHWC) and compares its output with `ours`, planar [C,H,W] at the reference's output
   * size. `quant` is the output's [scale, zeroPoint] when it is quantized.
   */
  async compare(
    modelUrl: string,
    input: Float32Array | Uint8Array,
    ours: Float32Array,
    threads = 1,
    quant?: [number, number],
  ): Promise<Agreement> {
    const key = `in-${Math.random().toString(36).slice(2)}`;
    const oursKey = `ours-${key}`;
    this.server.data.set(key, new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    this.server.data.set(oursKey, new Uint8Array(ours.buffer, ours.byteOffset, ours.byteLength));
    const result = await this.page.evaluate(
      ([url, k, o, t, q]) =>
        (
          window as unknown as {
            compareTflite: (...args: unknown[]) => Promise<Agreement & { sizeMatches: boolean }>;
          }
        ).compareTflite(url, k, o, t, q),
      [modelUrl, key, oursKey, threads, quant] as const,
    );
    this.server.data.delete(key);
    this.server.data.delete(oursKey);
    if (!result.sizeMatches)
      throw new Error(`ours has ${ours.length} values, the reference's output is ${result.shape}`);
    return result;
  }

  async close() {
    await this.browser.close();
    await this.server.close();
  }
}
