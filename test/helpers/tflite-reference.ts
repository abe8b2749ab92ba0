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
  window.runTflite = async (modelUrl, dataKey, outKey, threads) => {
    models[modelUrl] ??= await tflite.loadTFLiteModel(modelUrl, { numThreads: threads });
    const model = models[modelUrl];
    const info = model.inputs[0];
    const bytes = await (await fetch("/data/" + dataKey)).arrayBuffer();
    const values = info.dtype === "float32" ? new Float32Array(bytes) : Int32Array.from(new Uint8Array(bytes));
    const input = tf.tensor(values, info.shape, info.dtype);
    const t0 = performance.now();
    const output = model.predict(input);
    const ms = performance.now() - t0;
    const data = await output.data();
    const body = data instanceof Float32Array ? data : Int16Array.from(data);
    await fetch("/upload/" + outKey, { method: "POST", body });
    const result = { shape: output.shape, dtype: output.dtype, ms };
    tf.dispose([input, output]);
    return result;
  };
</script>`;

export interface TfliteRun {
  /** Raw output values as float (quantized outputs are still in their integer domain). */
  data: Float32Array;
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
    await page.waitForFunction(() => "runTflite" in window);
    return new TfliteReference(server, browser, page);
  }

  /** Serves extra model bytes (for rewritten copies) under /data/<key>. */
  addModel(key: string, bytes: Uint8Array): string {
    this.server.data.set(key, bytes);
    return `/data/${key}`;
  }

  async run(modelUrl: string, input: Float32Array | Uint8Array, threads = 1): Promise<TfliteRun> {
    const key = `in-${Math.random().toString(36).slice(2)}`;
    this.server.data.set(key, new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    const out = `out-${key}`;
    const result = await this.page.evaluate(
      ([url, k, o, t]) =>
        (
          window as unknown as {
            runTflite: (...args: unknown[]) => Promise<{ dtype: string; shape: number[]; ms: number }>;
          }
        ).runTflite(url, k, o, t),
      [modelUrl, key, out, threads] as const,
    );
    this.server.data.delete(key);
    const body = this.server.uploads.get(out)!;
    this.server.uploads.delete(out);
    const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
    const data = result.dtype === "float32" ? new Float32Array(bytes) : Float32Array.from(new Int16Array(bytes));
    return { data, shape: result.shape, ms: result.ms };
  }

  async close() {
    await this.browser.close();
    await this.server.close();
  }
}
