"use client";
import { useEffect } from "react";
import { useShallow } from "zustand/react/shallow";
import { loadSamples, openSample, useSamplesStore } from "@/store/samples-store";
import { loadTruth, segmentFile, useSegmentStore } from "@/store/segment-store";
import { FileButton, takeFile } from "@/components/ui/button";
import { hint } from "@/components/ui/field";
import { dims } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

/** Takes the first chosen file and clears the input so the same file can be chosen again. */
export function FilePanel() {
  const { result, truthName } = useSegmentStore(useShallow((s) => ({ result: s.result, truthName: s.truth?.name })));
  return (
    <Panel title="Input">
      <div className="flex flex-wrap gap-2">
        <FileButton label="Upload image" accept="image/jpeg,image/png,image/webp" onChange={takeFile(segmentFile)} />
        <FileButton label="Upload ground truth" accept="image/png" onChange={takeFile(loadTruth)} />
      </div>
      <p className="mt-2 truncate text-sm" title={result?.name}>
        {result ? `${result.name} · ${dims(result.width, result.height)}` : "No image yet"}
      </p>
      <p className={`${hint} hidden sm:block`}>
        {truthName
          ? `Scored against ${truthName}.`
          : "Image: JPEG, PNG or WebP, or drop or paste one. Ground truth: a VOC mask PNG of the same size."}
      </p>
      <Samples />
    </Panel>
  );
}

function Samples() {
  const { samples, error } = useSamplesStore(useShallow((s) => ({ samples: s.samples, error: s.error })));
  useEffect(() => void loadSamples(), []);
  return (
    <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1">
      <h3 className="text-sm font-medium">Samples</h3>
      {error && <p className={hint}>{error}</p>}
      <ul aria-label="Samples" className="flex flex-wrap gap-2">
        {samples.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              title={`${s.title} · ${s.credit}`}
              aria-label={`Segment sample ${s.title}`}
              onClick={() => void openSample(s)}
              className="block overflow-hidden rounded-md border border-neutral-300 hover:border-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-neutral-700"
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- a local thumbnail, no optimisation wanted */}
              <img src={`/samples/${s.image}`} alt="" width={44} height={44} className="size-11 object-cover" />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
