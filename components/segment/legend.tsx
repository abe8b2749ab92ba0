"use client";
import { useShallow } from "zustand/react/shallow";
import { useClassNames } from "@/components/own-model/use-class-names";
import { paletteColor } from "@/lib/voc/palette";
import { onlyClass, showAllClasses, toggleClass, useSegmentStore } from "@/store/segment-store";
import { hint } from "@/components/ui/field";
import { percent } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

const Swatch = ({ k }: { k: number }) => (
  <span
    aria-hidden
    className="size-3.5 shrink-0 rounded-sm border border-black/20"
    style={{ background: `rgb(${paletteColor(k).join(",")})` }}
  />
);

/** Before any image: the classes the model knows. After: the classes found, largest first, each can be hidden. */
export function Legend() {
  const { counts, hidden } = useSegmentStore(useShallow((s) => ({ counts: s.result?.counts, hidden: s.hidden })));
  const names = useClassNames();
  if (!counts) {
    return (
      <Panel title="Classes">
        <p className={hint}>
          The model knows these {names.length} classes; those it finds will be listed with their share.
        </p>
        <ul aria-label="Classes" className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm lg:grid-cols-1">
          {names.map((name, k) => (
            <li key={k} className="flex items-center gap-2">
              <Swatch k={k} />
              {name}
            </li>
          ))}
        </ul>
      </Panel>
    );
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const present = [...counts.keys()].filter((k) => counts[k] > 0).sort((a, b) => counts[b] - counts[a]);
  return (
    <Panel title="Classes">
      <ul aria-label="Classes" className="space-y-0.5">
        {present.map((k) => {
          const shown = !hidden.includes(k);
          return (
            <li key={k} className="flex items-center gap-1">
              <button
                type="button"
                aria-pressed={shown}
                title={shown ? `Hide ${names[k]} in the mask` : `Show ${names[k]} in the mask`}
                onClick={() => toggleClass(k)}
                className="group flex min-w-0 flex-1 items-center gap-2 rounded-md px-2 py-1 text-left text-sm hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-600 aria-[pressed=false]:text-neutral-600 dark:hover:bg-neutral-800 dark:aria-[pressed=false]:text-neutral-400"
              >
                <Swatch k={k} />
                <span className="flex-1 truncate group-aria-[pressed=false]:line-through">{names[k]}</span>{" "}
                <span className="text-neutral-600 tabular-nums dark:text-neutral-400">
                  {percent(counts[k] / total, 1)}
                </span>
              </button>
              <button
                type="button"
                aria-label={`Only this class: ${names[k]}`}
                title={`Show only ${names[k]}`}
                onClick={() => onlyClass(k)}
                className="rounded-md px-1.5 py-1 text-xs text-neutral-600 hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-neutral-400 dark:hover:bg-neutral-800"
              >
                Only
              </button>
            </li>
          );
        })}
      </ul>
      <div className="mt-2 flex items-center justify-between gap-2">
        <p className={hint}>Click a class to hide or show it.</p>
        <button
          type="button"
          onClick={showAllClasses}
          disabled={hidden.length === 0}
          className="rounded-md px-2 py-1 text-xs font-medium whitespace-nowrap text-blue-700 hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:text-neutral-500 dark:text-blue-300 dark:hover:bg-neutral-800 dark:disabled:text-neutral-400"
        >
          Show all
        </button>
      </div>
    </Panel>
  );
}
