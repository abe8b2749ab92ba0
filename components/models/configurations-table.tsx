"use client";
import type { Configuration } from "@/lib/models/configurations";
import { describeMode, inferencesPerImage } from "@/lib/pipeline/modes";
import { segmentHref } from "@/components/models/use-apply";
import { decimal, millis, percent } from "@/components/ui/format";
import { captionClass, cellClass, tableClass, scrollClass } from "@/components/ui/table";

const right = `${cellClass} text-right`;

/** The charts' data as a table: one row per configuration, ✓ where it is on a Pareto front. */
export function ConfigurationsTable({
  configs,
  latency,
  maddsFront,
  latencyFront,
  onApply,
}: {
  configs: readonly Configuration[];
  latency: (c: Configuration) => number | undefined;
  maddsFront: Set<string>;
  latencyFront: Set<string>;
  onApply: (c: Configuration) => void;
}) {
  return (
    <div className={scrollClass}>
      <table className={`${tableClass} text-xs sm:text-sm`}>
        <caption className={captionClass}>Configurations</caption>
        <thead>
          <tr className="text-left">
            <th scope="col" className={cellClass}>
              Model
            </th>
            <th scope="col" className={cellClass}>
              Mode
            </th>
            <th scope="col" className={`${right} hidden sm:table-cell`}>
              Runs
            </th>
            <th scope="col" className={right}>
              mIoU
            </th>
            <th scope="col" className={right}>
              MAdds (B)
            </th>
            <th scope="col" className={right}>
              Latency
            </th>
            <th scope="col" className={cellClass}>
              <span className="sr-only">Use</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {configs.map((c) => (
            <tr key={c.key}>
              <th scope="row" className={`${cellClass} text-left font-normal`}>
                {c.model.name}
              </th>
              <td className={cellClass}>{describeMode(c.mode)}</td>
              <td className={`${right} hidden sm:table-cell`}>{inferencesPerImage(c.mode)}</td>
              <td className={right}>
                {percent(c.mIoU / 100)}
                <Front on={maddsFront.has(c.key)} what="multiply-adds" />
              </td>
              <td className={right}>{decimal(c.madds / 1e9)}</td>
              <td className={right}>
                {millis(latency(c))}
                <Front on={latencyFront.has(c.key)} what="latency" />
              </td>
              <td className={cellClass}>
                <a
                  href={segmentHref(c)}
                  aria-label={`Use ${c.model.name}, ${describeMode(c.mode)} on the Segment page`}
                  className="text-blue-700 underline dark:text-blue-400"
                  onClick={(e) => {
                    e.preventDefault();
                    onApply(c);
                  }}
                >
                  Use
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Front({ on, what }: { on: boolean; what: string }) {
  if (!on) return null;
  return (
    <span title={`On the Pareto front for ${what}`} className="ml-1 font-semibold">
      ◆<span className="sr-only"> (Pareto front, {what})</span>
    </span>
  );
}
