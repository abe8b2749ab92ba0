// Installed on the segmentation page when its URL has ?bench: lets `npm run bench` drive the app's
// own worker, session and drawing code from Playwright, through the stores' public actions.
import type { Backend } from "@/lib/contract";
import { colorize, maskColors } from "@/lib/render/mask";
import { MAX_SIDE } from "@/lib/image/decode";
import { loadModel, segmenter, selectBackend, selectModel, selectThreads, useModelStore } from "@/store/model-store";
import { useSegmentStore } from "@/store/segment-store";

interface MemoryMeasurement {
  bytes: number;
}

export function installBenchHook() {
  let firstMask: number | undefined;
  const stop = useSegmentStore.subscribe((s) => {
    if (s.drawMs !== undefined && firstMask === undefined) {
      firstMask = performance.now();
      stop();
    }
  });
  const hook = {
    /** ms from navigation start until the first mask was drawn by the page itself. */
    firstMask: () => firstMask,
    async load(modelId: string, backend: Backend, threads: number) {
      selectModel(modelId);
      selectBackend(backend);
      selectThreads(threads);
      await loadModel();
      return useModelStore.getState().loaded;
    },
    /** Model-only ms of `runs` runs on one image, after one warm-up run: the worker times inference alone. */
    async modelOnly(runs: number, bytes: Uint8Array) {
      const ms: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const out = await segmenter.segment(new Blob([bytes as BlobPart]), { name: "bench", maxSide: MAX_SIDE });
        out.close();
        if (i > 0) ms.push(out.timings.inference);
      }
      return { ms };
    },
    /** Decoded image → full-resolution mask, timed by stage, plus drawing it like the page does. */
    async endToEnd(bytes: Uint8Array) {
      const t0 = performance.now();
      const out = await segmenter.segment(new Blob([bytes as BlobPart]), { name: "bench", maxSide: MAX_SIDE });
      const wall = performance.now() - t0;
      const t1 = performance.now();
      const canvas = new OffscreenCanvas(out.width, out.height);
      canvas
        .getContext("2d")!
        .putImageData(new ImageData(colorize(out.labels, maskColors()), out.width, out.height), 0, 0);
      const draw = performance.now() - t1;
      out.close();
      return { wall, draw, timings: out.timings, info: out.info, width: out.width, height: out.height };
    },
    /** Page + worker memory (JS heaps and wasm memory) as Chromium attributes it. */
    async memory() {
      const measure = (
        performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<MemoryMeasurement> }
      ).measureUserAgentSpecificMemory;
      const total = measure ? (await measure.call(performance)).bytes : NaN;
      const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN;
      return { total, pageHeap: heap };
    },
  };
  (window as unknown as { __deeplabBench: typeof hook }).__deeplabBench = hook;
}
