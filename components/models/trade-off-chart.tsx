"use client";
import { useRef } from "react";
import type { Configuration } from "@/lib/models/configurations";
import { linearScale, logScale } from "@/lib/render/scale";
import { Marker, Star } from "@/components/models/marker";
import { segmentHref } from "@/components/models/use-apply";
import { useWidth } from "@/components/models/use-width";

/** The paper's figure: a point where its cost is known on this axis, else a level line. */
export interface Reference {
  x?: number;
  y: number;
  label: string;
  name: string;
}

interface Props {
  title: string;
  configs: readonly Configuration[];
  x: (c: Configuration) => number | undefined;
  xLabel: string;
  tick: (v: number) => string;
  /** The point's accessible name. */
  name: (c: Configuration) => string;
  front: Set<string>;
  colors: Map<string, string>;
  reference: Reference;
  onApply: (c: Configuration) => void;
  /** Shown in place of the plot while no configuration has an x value. */
  empty: string;
}

const M = { top: 14, right: 14, bottom: 46, left: 50 };
const tickText = "fill-neutral-600 text-[11px] dark:fill-neutral-400";
const gridLine = "stroke-neutral-200 dark:stroke-neutral-800";

/** mIoU (up) against a cost (right, log scale); every point is a link that applies its configuration. */
export function TradeOffChart({
  title,
  configs,
  x,
  xLabel,
  tick,
  name,
  front,
  colors,
  reference,
  onApply,
  empty,
}: Props) {
  const box = useRef<HTMLDivElement>(null);
  const width = Math.max(280, useWidth(box, 560));
  const height = Math.round(Math.min(420, Math.max(280, width * 0.62)));
  const shown = configs.filter((c) => Number.isFinite(x(c)));
  const plot = { x0: M.left, x1: width - M.right, y0: height - M.bottom, y1: M.top };

  if (!shown.length) {
    return (
      <div ref={box} className="w-full">
        <div
          style={{ height }}
          className="flex items-center justify-center rounded-md border border-dashed border-neutral-300 p-4 text-center text-sm text-neutral-500 dark:border-neutral-700 dark:text-neutral-400"
        >
          {empty}
        </div>
      </div>
    );
  }
  const xs = shown.map((c) => x(c)!).concat(reference.x ?? []);
  const ys = shown.map((c) => c.mIoU).concat(reference.y);
  const sx = logScale(Math.min(...xs), Math.max(...xs), [plot.x0, plot.x1]);
  const sy = linearScale(Math.min(...ys), Math.max(...ys), [plot.y0, plot.y1]);
  const frontLine = shown
    .filter((c) => front.has(c.key))
    .sort((a, b) => x(a)! - x(b)!)
    .map((c) => `${sx(x(c)!).toFixed(1)},${sy(c.mIoU).toFixed(1)}`)
    .join(" ");

  return (
    <div ref={box} className="w-full">
      <svg width={width} height={height} role="group" aria-label={title} className="block overflow-visible">
        {sx.ticks.map((t) => (
          <g key={`x${t}`}>
            <line x1={sx(t)} x2={sx(t)} y1={plot.y0} y2={plot.y1} className={gridLine} />
            <text x={sx(t)} y={plot.y0 + 16} textAnchor="middle" className={tickText}>
              {tick(t)}
            </text>
          </g>
        ))}
        {sy.ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={plot.x0} x2={plot.x1} y1={sy(t)} y2={sy(t)} className={gridLine} />
            <text x={plot.x0 - 6} y={sy(t) + 4} textAnchor="end" className={tickText}>
              {t}
            </text>
          </g>
        ))}
        <text
          x={(plot.x0 + plot.x1) / 2}
          y={height - 8}
          textAnchor="middle"
          className="fill-neutral-800 text-xs dark:fill-neutral-200"
        >
          {xLabel}
        </text>
        <text
          transform={`translate(13 ${(plot.y0 + plot.y1) / 2}) rotate(-90)`}
          textAnchor="middle"
          className="fill-neutral-800 text-xs dark:fill-neutral-200"
        >
          mIoU, % (VOC sample)
        </text>
        {frontLine && (
          <polyline
            points={frontLine}
            fill="none"
            strokeWidth={1.5}
            strokeDasharray="5 3"
            className="stroke-neutral-900 dark:stroke-neutral-100"
          />
        )}
        {/* Front points last, so they are drawn over the others. */}
        {[...shown.filter((c) => !front.has(c.key)), ...shown.filter((c) => front.has(c.key))].map((c) => {
          const [px, py] = [sx(x(c)!), sy(c.mIoU)];
          const onFront = front.has(c.key);
          return (
            <a
              key={c.key}
              href={segmentHref(c)}
              aria-label={name(c)}
              className="group cursor-pointer outline-none"
              onClick={(e) => {
                e.preventDefault();
                onApply(c);
              }}
            >
              <title>{name(c)}</title>
              <circle
                cx={px}
                cy={py}
                r={11}
                strokeWidth={2}
                className="pointer-events-none fill-none stroke-blue-600 opacity-0 group-hover:opacity-60 group-focus-visible:opacity-100"
              />
              <Marker
                fit={c.mode.fit}
                x={px}
                y={py}
                r={onFront ? 6 : 4.5}
                fill={colors.get(c.model.id)}
                strokeWidth={onFront ? 2 : 1}
                className={onFront ? "stroke-neutral-900 dark:stroke-white" : "stroke-white dark:stroke-neutral-900"}
              />
            </a>
          );
        })}
        {/* The paper's mark over the points, letting clicks through to them. */}
        <ReferenceMark reference={reference} x={reference.x && sx(reference.x)} y={sy(reference.y)} plot={plot} />
      </svg>
    </div>
  );
}

function ReferenceMark({
  reference,
  x,
  y,
  plot,
}: {
  reference: Reference;
  x?: number;
  y: number;
  plot: { x0: number; x1: number };
}) {
  // A halo of the page's colour keeps the label readable where it crosses points.
  const label =
    "fill-amber-700 stroke-white stroke-[3px] text-[11px] font-medium [paint-order:stroke] [stroke-linejoin:round] dark:fill-amber-400 dark:stroke-neutral-950";
  if (x === undefined) {
    return (
      <g role="img" aria-label={reference.name} className="pointer-events-none">
        <line
          x1={plot.x0}
          x2={plot.x1}
          y1={y}
          y2={y}
          strokeDasharray="2 3"
          strokeWidth={1.5}
          className="stroke-amber-600 dark:stroke-amber-400"
        />
        <text x={plot.x1 - 4} y={y - 5} textAnchor="end" className={label}>
          {reference.label}
        </text>
      </g>
    );
  }
  const right = x < (plot.x0 + plot.x1) / 2;
  return (
    <g role="img" aria-label={reference.name} className="pointer-events-none">
      <Star x={x} y={y} r={8} className="fill-amber-500 stroke-amber-800 dark:stroke-amber-200" />
      <text x={right ? x + 12 : x - 12} y={y + 4} textAnchor={right ? "start" : "end"} className={label}>
        {reference.label}
      </text>
    </g>
  );
}
