"use client";
import { useEffect } from "react";
import { modeKey } from "@/lib/pipeline/modes";
import { currentMode, currentModel, useModelStore } from "@/store/model-store";

/**
 * Keeps the address's model= and mode= on the Segment page's choice, so a reload or a shared link opens the same
 * model and quality. Other parameters stay; the address is replaced, not pushed, so Back still leaves the page.
 */
export function useSelectionUrl() {
  useEffect(
    () =>
      useModelStore.subscribe((s, prev) => {
        // The first model list is read from the address, not written to it.
        if (!prev.manifest || !s.manifest) return;
        if (s.modelId === prev.modelId && s.quality === prev.quality && s.customMode === prev.customMode) return;
        const model = currentModel();
        if (!model) return;
        const url = new URL(location.href);
        url.searchParams.set("model", model.id);
        url.searchParams.set("mode", modeKey(currentMode(model)));
        history.replaceState(history.state, "", url);
      }),
    [],
  );
}
