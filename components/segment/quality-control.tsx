"use client";
import { useId } from "react";
import { useShallow } from "zustand/react/shallow";
import { costKey } from "@/lib/models/configurations";
import { QUALITIES, qualityMode, type Quality } from "@/lib/models/quality";
import { describeMode, inferencesPerImage, type Mode } from "@/lib/pipeline/modes";
import { selectQuality, useModelStore } from "@/store/model-store";
import { rerun } from "@/store/segment-store";
import { hint } from "@/components/ui/field";
import { millis, plural } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

/** Fast / Accurate / Best for the selected model, each with its mode and what it took here last time. */
export function QualityControl() {
  const id = useId();
  const { model, quality, customMode, backend, costs } = useModelStore(
    useShallow((s) => ({
      model: s.manifest?.models.find((m) => m.id === s.modelId),
      quality: s.quality,
      customMode: s.customMode,
      backend: s.backend,
      costs: s.costs,
    })),
  );
  const options: { value: Quality | "custom"; label: string; mode?: Mode }[] = QUALITIES.map((q) => ({
    value: q.id,
    label: q.label,
    mode: model && qualityMode(model, q.id),
  }));
  if (customMode) options.push({ value: "custom", label: "Custom", mode: customMode });
  const chosen = customMode ? "custom" : quality;
  return (
    <Panel title="Quality">
      <fieldset disabled={!model}>
        <legend className="sr-only">Quality</legend>
        <div className="space-y-1">
          {options.map(({ value, label, mode }) => {
            const ms = millis(model && mode && costs[costKey(backend, model.id, mode)]);
            return (
              <label
                key={value}
                className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1 text-sm hover:bg-neutral-100 has-disabled:cursor-not-allowed has-disabled:opacity-50 dark:hover:bg-neutral-800"
              >
                <input
                  type="radio"
                  name={id}
                  value={value}
                  checked={chosen === value}
                  aria-labelledby={`${id}-${value}`}
                  aria-describedby={`${id}-${value}-mode ${id}-${value}-ms`}
                  className="mt-1"
                  onChange={() => {
                    if (value === "custom") return;
                    selectQuality(value);
                    void rerun();
                  }}
                />
                <span className="flex-1">
                  <span className="flex justify-between gap-2">
                    <span id={`${id}-${value}`} className="font-medium">
                      {label}
                    </span>
                    <span id={`${id}-${value}-ms`} className="tabular-nums text-neutral-600 dark:text-neutral-400">
                      {ms}
                    </span>
                  </span>
                  <span id={`${id}-${value}-mode`} className="block text-xs text-neutral-500 dark:text-neutral-400">
                    {mode ? `${describeMode(mode)} · ${plural(inferencesPerImage(mode), "run")}` : ""}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <p className={hint}>Times: this device&apos;s last run of each, input to mask.</p>
    </Panel>
  );
}
