import { afterEach, describe, expect, test, vi } from "vitest";
import { fetchModel, sha256 } from "@/lib/inference/fetch-model";

const URL = "/models/m.onnx";
const FILE = Uint8Array.from({ length: 64 }, (_, i) => i);
const expected = async () => ({ bytes: FILE.length, sha256: await sha256(FILE) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fetch whose body sends the file in `chunks` pieces, `gapMs` apart, then (if `stallAfter`) sends nothing more. */
function serve(chunks: number, gapMs: number, stallAfter?: number) {
  vi.stubGlobal("fetch", async (_url: string, init: { signal: AbortSignal }) => {
    const size = FILE.length / chunks;
    let sent = 0;
    // Like a real fetch, an abort errors the body.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        init.signal.addEventListener("abort", () => controller.error(init.signal.reason));
      },
      async pull(controller) {
        if (stallAfter !== undefined && sent >= stallAfter) {
          await new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));
        }
        await sleep(gapMs);
        if (init.signal.aborted) return;
        controller.enqueue(FILE.slice(sent * size, (sent + 1) * size));
        if (++sent === chunks) controller.close();
      },
    });
    return new Response(body);
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("fetchModel", () => {
  test("a server that never answers is given up after the stall time, with a message", async () => {
    vi.stubGlobal(
      "fetch",
      (_url: string, init: { signal: AbortSignal }) =>
        new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason))),
    );
    await expect(fetchModel(URL, await expected(), () => {}, 100)).rejects.toThrow(
      `the download of ${URL} stalled: nothing arrived for 0.1 s`,
    );
  });

  test("a body that stops halfway is given up too", async () => {
    serve(4, 5, 2);
    const progress: number[] = [];
    await expect(fetchModel(URL, await expected(), (loaded) => progress.push(loaded), 100)).rejects.toThrow(/stalled/);
    expect(progress).toEqual([16, 32]);
  });

  test("a slow download that keeps arriving is not: the stall time counts from the last bytes", async () => {
    serve(8, 40);
    const { bytes, cached } = await fetchModel(URL, await expected(), () => {}, 100);
    expect(cached).toBe(false);
    expect(bytes).toEqual(FILE);
  });
});
