"use client";
import { useEffect } from "react";
import { initModels, loadModel } from "@/store/model-store";
import { useHandoffStore } from "@/store/handoff-store";
import { loadTruth, segmentFile } from "@/store/segment-store";

/**
 * On arrival: read the model list, start loading the model so the first image does not wait for
 * it, open a pair handed over by the Evaluate page, and (with ?bench) expose the benchmark hook.
 */
export function useStartup() {
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    if (params.has("bench")) void import("@/components/segment/bench-hook").then((m) => m.installBenchHook());
    const handoff = useHandoffStore.getState().take();
    void initModels(params).then(async () => {
      if (handoff) {
        await segmentFile(handoff.image);
        await loadTruth(handoff.mask);
      } else {
        // A failure here is shown by the model panel and surfaces again on the first upload.
        await loadModel().catch(() => {});
      }
    });
  }, []);
}
