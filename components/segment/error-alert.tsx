"use client";
import { dismissError, useSegmentStore } from "@/store/segment-store";
import { Alert } from "@/components/ui/alert";

/** The latest problem with an upload or a run; the earlier result stays on screen meanwhile. */
export function ErrorAlert() {
  const error = useSegmentStore((s) => s.error);
  return <Alert message={error} onDismiss={dismissError} dismissLabel="Dismiss message" className="mb-4" />;
}
