"use client";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { useModelStore } from "@/store/model-store";
import { useSegmentStore } from "@/store/segment-store";

/** The class names of the model that made the result on screen: its own labels, else VOC's. */
export function useClassNames(): readonly string[] {
  const modelId = useSegmentStore((s) => s.result?.modelId);
  return useModelStore((s) => s.manifest?.models.find((m) => m.id === modelId)?.labels) ?? VOC_CLASSES;
}
