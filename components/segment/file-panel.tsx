"use client";
import { useId } from "react";
import { useShallow } from "zustand/react/shallow";
import { loadTruth, segmentFile, useSegmentStore } from "@/store/segment-store";
import { fieldLabel, hint } from "@/components/ui/field";
import { dims } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

const fileInput =
  "mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-neutral-900 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-white hover:file:bg-neutral-700 disabled:opacity-50 dark:file:bg-neutral-100 dark:file:text-neutral-900";

/** Takes the first chosen file and clears the input so the same file can be chosen again. */
const takeFile = (run: (file: File) => unknown) => (e: React.ChangeEvent<HTMLInputElement>) => {
  const file = e.target.files?.[0];
  e.target.value = "";
  if (file) void run(file);
};

export function FilePanel() {
  const id = useId();
  const { result, truthName } = useSegmentStore(useShallow((s) => ({ result: s.result, truthName: s.truth?.name })));
  return (
    <Panel title="Input">
      <label htmlFor={`${id}-image`} className={fieldLabel}>
        Upload image
      </label>
      <input
        id={`${id}-image`}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        onChange={takeFile(segmentFile)}
        className={fileInput}
      />
      <p className={hint}>JPEG, PNG or WebP. You can also drop an image on the page or paste one.</p>
      {result && (
        <p className="mt-2 truncate text-sm" title={result.name}>
          {result.name} · {dims(result.width, result.height)}
        </p>
      )}
      {result?.scaled && (
        <p className="mt-1 text-sm text-amber-700 dark:text-amber-400">
          Scaled down from {dims(result.originalWidth, result.originalHeight)} to {dims(result.width, result.height)}{" "}
          for processing
        </p>
      )}
      <label htmlFor={`${id}-truth`} className={`${fieldLabel} mt-4`}>
        Upload ground truth
      </label>
      <input id={`${id}-truth`} type="file" accept="image/png" onChange={takeFile(loadTruth)} className={fileInput} />
      <p className={hint}>
        {truthName
          ? `Scored against ${truthName}.`
          : "A VOC mask PNG of the same size: palette indices 0–20 and 255 (void), or VOC colours."}
      </p>
    </Panel>
  );
}
