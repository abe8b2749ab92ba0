"use client";
import { useId } from "react";
import { useShallow } from "zustand/react/shallow";
import { compositePng } from "@/lib/render/canvas";
import { colorize, maskColors } from "@/lib/render/mask";
import { stem } from "@/lib/voc/dataset";
import { encodeLabelPng } from "@/lib/voc/label-png";
import { setOpacity, setView, useSegmentStore, type View } from "@/store/segment-store";
import { Button } from "@/components/ui/button";
import { saveFile } from "@/components/ui/download";
import { fieldLabel, hint } from "@/components/ui/field";
import { percent } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

const VIEWS: [View, string][] = [
  ["overlay", "Overlay"],
  ["image", "Image"],
  ["mask", "Mask"],
  ["errors", "Errors"],
];

/** The prediction as a VOC palette PNG at the image's own resolution. */
function downloadMask() {
  const { result } = useSegmentStore.getState();
  if (!result) return;
  const png = encodeLabelPng({ width: result.width, height: result.height, labels: result.labels });
  saveFile(`${stem(result.name)}_mask.png`, png as Uint8Array<ArrayBuffer>, "image/png");
}

/** The image with the mask over it, as shown: current opacity, hidden classes left out. */
async function downloadOverlay() {
  const { result, hidden, opacity } = useSegmentStore.getState();
  if (!result) return;
  try {
    const blob = await compositePng(result.bitmap, colorize(result.labels, maskColors(hidden)), opacity / 100);
    saveFile(`${stem(result.name)}_overlay.png`, blob, "image/png");
  } catch (error) {
    useSegmentStore.setState({ error: `The overlay could not be saved: ${(error as Error).message}` });
  }
}

export function ViewControls() {
  const id = useId();
  const { view, opacity, hasResult, hasTruth } = useSegmentStore(
    useShallow((s) => ({ view: s.view, opacity: s.opacity, hasResult: Boolean(s.result), hasTruth: Boolean(s.truth) })),
  );
  return (
    <Panel title="View">
      <fieldset>
        <legend className={fieldLabel}>Show</legend>
        <div className="mt-1 grid grid-cols-4 rounded-md border border-neutral-300 text-sm dark:border-neutral-700">
          {VIEWS.map(([value, label]) => {
            const disabled = value === "errors" && !hasTruth;
            return (
              <label
                key={value}
                title={disabled ? "Upload a ground truth to see errors" : undefined}
                className="relative cursor-pointer border-l border-neutral-300 px-1 py-1.5 text-center first:rounded-l-[5px] first:border-l-0 last:rounded-r-[5px] has-checked:bg-neutral-900 has-checked:text-white has-disabled:cursor-not-allowed has-disabled:text-neutral-500 has-focus-visible:z-10 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-blue-600 dark:border-neutral-700 dark:has-checked:bg-neutral-100 dark:has-checked:text-neutral-900 dark:has-disabled:text-neutral-400"
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
          {percent(opacity / 100, 0)}
        </output>
      </div>
      <input
        id={`${id}-opacity`}
        type="range"
        min={0}
        max={100}
        step={1}
        value={opacity}
        disabled={view !== "overlay"}
        aria-describedby={view === "overlay" ? undefined : `${id}-opacity-why`}
        onChange={(e) => setOpacity(Number(e.target.value))}
        className="mt-1 w-full accent-neutral-900 disabled:cursor-not-allowed disabled:opacity-50 dark:accent-neutral-100"
      />
      {view !== "overlay" && (
        <p id={`${id}-opacity-why`} className={hint}>
          Opacity applies to the Overlay view.
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <Button disabled={!hasResult} onClick={downloadMask}>
          Download mask
        </Button>
        <Button disabled={!hasResult} onClick={() => void downloadOverlay()}>
          Download overlay
        </Button>
      </div>
    </Panel>
  );
}
