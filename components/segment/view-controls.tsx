"use client";
import { useId } from "react";
import { useShallow } from "zustand/react/shallow";
import { setOpacity, setView, useSegmentStore, type View } from "@/store/segment-store";
import { downloadMask, downloadOverlay } from "@/components/segment/downloads";
import { button, fieldLabel, Panel } from "@/components/segment/panel";

const VIEWS: [View, string][] = [
  ["overlay", "Overlay"],
  ["image", "Image"],
  ["mask", "Mask"],
  ["errors", "Errors"],
];

export function ViewControls() {
  const id = useId();
  const { view, opacity, hasResult, hasTruth } = useSegmentStore(
    useShallow((s) => ({ view: s.view, opacity: s.opacity, hasResult: Boolean(s.result), hasTruth: Boolean(s.truth) })),
  );
  return (
    <Panel title="View">
      <fieldset>
        <legend className={fieldLabel}>Show</legend>
        <div className="mt-1 grid grid-cols-4 overflow-hidden rounded-md border border-neutral-300 text-sm dark:border-neutral-700">
          {VIEWS.map(([value, label]) => {
            const disabled = value === "errors" && !hasTruth;
            return (
              <label
                key={value}
                title={disabled ? "Upload a ground truth to see errors" : undefined}
                className="relative cursor-pointer border-l border-neutral-300 px-2 py-1.5 text-center first:border-l-0 has-checked:bg-neutral-900 has-checked:text-white has-disabled:cursor-not-allowed has-disabled:opacity-40 has-focus-visible:outline-2 dark:border-neutral-700 dark:has-checked:bg-neutral-100 dark:has-checked:text-neutral-900"
              >
                <input
                  type="radio"
                  name={`${id}-view`}
                  value={value}
                  checked={view === value}
                  disabled={disabled}
                  onChange={() => setView(value)}
                  className="absolute inset-0 cursor-pointer opacity-0 disabled:cursor-not-allowed"
                />
                {label}
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="mt-3 flex items-baseline justify-between">
        <label htmlFor={`${id}-opacity`} className={fieldLabel}>
          Mask opacity
        </label>
        <output htmlFor={`${id}-opacity`} className="text-sm tabular-nums">
          {opacity}%
        </output>
      </div>
      <input
        id={`${id}-opacity`}
        type="range"
        min={0}
        max={100}
        step={1}
        value={opacity}
        onChange={(e) => setOpacity(Number(e.target.value))}
        className="mt-1 w-full accent-neutral-900 dark:accent-neutral-100"
      />
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" className={button} disabled={!hasResult} onClick={downloadMask}>
          Download mask
        </button>
        <button type="button" className={button} disabled={!hasResult} onClick={() => void downloadOverlay()}>
          Download overlay
        </button>
      </div>
    </Panel>
  );
}
