// Installed on the segmentation page when its URL has ?bench: lets `npm run bench` drive the app's
// own worker, session and drawing code from Playwright.
import { inference } from "@/lib/inference/client";
import type { Backend } from "@/lib/contract";
import { colorize, maskColors } from "@/lib/render/mask";
import { currentModel, ensureModel, selectBackend, selectModel, useModelStore } from "@/store/model-store";
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
      useModelStore.setState({ threads });
      await ensureModel();
      return useModelStore.getState().loaded;
    },
    modelOnly: (runs: number) => inference.time(runs, currentModel()!.inputSize),
    /** Decoded image → full-resolution mask, timed by stage, plus drawing it like the page does. */
    async endToEnd(bytes: Uint8Array) {
      const model = currentModel()!;
      const t0 = performance.now();
      const out = await inference.segment(new Blob([bytes as BlobPart]), "bench", model.inputSize, 4096);
      const wall = performance.now() - t0;
      const t1 = performance.now();
      const canvas = new OffscreenCanvas(out.width, out.height);
      canvas
        .getContext("2d")!
        .putImageData(new ImageData(colorize(out.labels, maskColors()), out.width, out.height), 0, 0);
      const draw = performance.now() - t1;
      out.bitmap.close();
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
