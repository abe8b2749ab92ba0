"use client";
import { useRouter } from "next/navigation";
import type { Configuration } from "@/lib/models/configurations";
import { modeKey } from "@/lib/pipeline/modes";
import { applyConfiguration } from "@/store/model-store";
import { rerun } from "@/store/segment-store";

/** The Segment page with a configuration's model and mode selected. */
export const segmentHref = (c: Configuration) =>
  `/?${new URLSearchParams({ model: c.model.id, mode: modeKey(c.mode) })}`;

/** Selects a configuration, re-runs the Segment page's image with it, and goes there. */
export function useApply(): (c: Configuration) => void {
  const router = useRouter();
  return (c) => {
    applyConfiguration(c.model.id, c.mode);
    void rerun();
    router.push(segmentHref(c));
  };
}
