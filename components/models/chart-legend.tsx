import type { ModelInfo } from "@/lib/models/manifest";
import { FITS } from "@/lib/pipeline/modes";
import { Marker, Star } from "@/components/models/marker";

const FIT_NAMES = { stretch: "stretch", pad: "pad", native: "native aspect" } as const;
const swatch = "inline-block shrink-0 align-middle";

/** What the colours, shapes, dashed line and star of the charts mean. */
export function ChartLegend({ models, colors }: { models: readonly ModelInfo[]; colors: Map<string, string> }) {
  return (
    <div className="space-y-2 text-xs text-neutral-700 dark:text-neutral-300">
      <ul aria-label="Models" className="flex flex-wrap gap-x-4 gap-y-1">
        {models.map((m) => (
          <li key={m.id} className="flex items-center gap-1.5">
            <svg aria-hidden width="12" height="12" className={swatch}>
              <rect width="12" height="12" rx="2" fill={colors.get(m.id)} />
            </svg>
            {m.name}
          </li>
        ))}
      </ul>
      <ul aria-label="Marks" className="flex flex-wrap gap-x-4 gap-y-1">
        {FITS.map((fit) => (
          <li key={fit} className="flex items-center gap-1.5">
            <svg aria-hidden width="14" height="14" className={swatch}>
              <Marker fit={fit} x={7} y={7} r={4.5} className="fill-neutral-500" />
            </svg>
            {FIT_NAMES[fit]}
          </li>
        ))}
        <li className="flex items-center gap-1.5">
          <svg aria-hidden width="24" height="14" className={swatch}>
            <line
              x1="1"
              x2="23"
              y1="7"
              y2="7"
              strokeWidth="1.5"
              strokeDasharray="5 3"
              className="stroke-neutral-900 dark:stroke-neutral-100"
            />
          </svg>
          Pareto front: nothing cheaper scores higher
        </li>
        <li className="flex items-center gap-1.5">
          <svg aria-hidden width="16" height="16" className={swatch}>
            <Star x={8} y={8} r={7} className="fill-amber-500 stroke-amber-800 dark:stroke-amber-200" />
          </svg>
          Paper, full VOC val (not the sample)
        </li>
      </ul>
    </div>
  );
}
