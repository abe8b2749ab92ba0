"use client";
import { dismissError, useSegmentStore } from "@/store/segment-store";

/** The latest problem with an upload or a run; the earlier result stays on screen meanwhile. */
export function ErrorAlert() {
  const error = useSegmentStore((s) => s.error);
  return (
    <div role="alert">
      {error && (
        <div className="mb-4 flex items-start gap-3 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p className="flex-1">{error}</p>
          <button
            type="button"
            aria-label="Dismiss message"
            onClick={dismissError}
            className="px-1 text-lg leading-none"
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
