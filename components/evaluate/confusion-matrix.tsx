import { rowShares } from "@/lib/metrics/rates";
import { count, percent } from "@/components/ui/format";
import { captionClass } from "@/components/ui/table";

/** Heat map of the confusion matrix, each ground-truth row normalised to 100%. */
export function ConfusionMatrix({ confusion, names }: { confusion: number[][]; names: string[] }) {
  const shares = rowShares(confusion);
  return (
    <div className="overflow-x-auto">
      <table aria-label="Confusion matrix" className="border-collapse text-[11px] tabular-nums">
        <caption className={captionClass}>
          Confusion matrix
          <span className="block text-xs font-normal text-neutral-500">
            Rows: ground truth · columns: prediction · % of each row&apos;s pixels (hover a cell for counts)
          </span>
        </caption>
        <thead>
          <tr>
            <td />
            {names.map((n) => (
              <th
                key={n}
                scope="col"
                className="h-24 w-7 rotate-180 px-0.5 text-left font-normal [writing-mode:vertical-rl]"
              >
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shares.map((row, g) => (
            <tr key={names[g]}>
              <th scope="row" className="pr-2 text-right font-normal whitespace-nowrap">
                {names[g]}
              </th>
              {row.map((share, p) => {
                const pixels = confusion[g][p];
                const pct = share * 100;
                return (
                  <td
                    key={p}
                    title={`ground truth ${names[g]}, predicted ${names[p]}: ${percent(share)} of the row (${count(pixels)} px)`}
                    className={`h-7 w-7 border border-neutral-200 text-center dark:border-neutral-800 ${share > 0.5 ? "text-white" : ""}`}
                    style={{ backgroundColor: `rgb(37 99 235 / ${share.toFixed(3)})` }}
                  >
                    {pixels === 0 ? "" : pct < 1 ? "<1" : Math.round(pct)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
