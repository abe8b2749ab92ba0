"use client";
import { useShallow } from "zustand/react/shallow";
import { useClassNames } from "@/components/custom-model/use-class-names";
import { paletteColor } from "@/lib/voc/palette";
import { toggleClass, useSegmentStore } from "@/store/segment-store";
import { hint } from "@/components/ui/field";
import { percent } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

export function Legend() {
  const { counts, hidden } = useSegmentStore(useShallow((s) => ({ counts: s.result?.counts, hidden: s.hidden })));
  const names = useClassNames();
  const total = counts?.reduce((a, b) => a + b, 0) ?? 0;
  const present = counts ? [...counts.keys()].filter((k) => counts[k] > 0).sort((a, b) => counts[b] - counts[a]) : [];
  return (
    <Panel title="Classes">
      {!counts && <p className={hint}>The classes found in the image will be listed here.</p>}
      <ul aria-label="Classes" className="space-y-1">
        {present.map((k) => {
          const shown = !hidden.includes(k);
          return (
            <li key={k}>
              <button
                type="button"
                aria-pressed={shown}
                title={shown ? `Hide ${names[k]} in the mask` : `Show ${names[k]} in the mask`}
                onClick={() => toggleClass(k)}
                className="group flex w-full items-center gap-2 rounded-md px-2 py-1 text-left text-sm hover:bg-neutral-100 aria-[pressed=false]:opacity-50 dark:hover:bg-neutral-800"
              >
                <span
                  aria-hidden
                  className="size-3.5 shrink-0 rounded-sm border border-black/20"
                  style={{ background: `rgb(${paletteColor(k).join(",")})` }}
                />
                <span className="flex-1 group-aria-[pressed=false]:line-through">{names[k]}</span>{" "}
                <span className="tabular-nums text-neutral-500">{percent(counts![k] / total, 1)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {present.length > 0 && <p className={hint}>Click a class to hide or show it in the mask.</p>}
    </Panel>
  );
}
