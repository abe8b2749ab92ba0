"use client";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { useModelStore } from "@/store/model-store";
import { useSegmentStore } from "@/store/segment-store";

/** The class names of the model that made the result on screen (else of the chosen one): its own labels, else VOC's. */
export function useClassNames(): readonly string[] {
  const resultModel = useSegmentStore((s) => s.result?.modelId);
  const chosen = useModelStore((s) => s.modelId);
  const modelId = resultModel ?? chosen;
  return useModelStore((s) => s.manifest?.models.find((m) => m.id === modelId)?.labels) ?? VOC_CLASSES;
}
