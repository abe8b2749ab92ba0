import { rowShares } from "@/lib/metrics/rates";
import { count, percent } from "@/components/ui/format";
import { captionClass, scrollClass } from "@/components/ui/table";

/**
 * The cell colour: an ever darker blue, opaque so its contrast does not depend on the page colour. Above
 * half the row the text turns white, and the blue there (blue-800 and darker) keeps it above 4.5:1.
 */
function heat(share: number): string {
  if (share <= 0.5) return `rgb(59 130 246 / ${(share * 0.9).toFixed(3)})`;
  const t = (share - 0.5) / 0.5;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(30, 23)} ${mix(64, 37)} ${mix(175, 84)})`;
}

/** Heat map of the confusion matrix, each ground-truth row normalised to 100%. */
export function ConfusionMatrix({ confusion, names }: { confusion: number[][]; names: string[] }) {
  const shares = rowShares(confusion);
  return (
    <div className={scrollClass} tabIndex={0} role="region" aria-label="Confusion matrix, scrollable">
      <table aria-label="Confusion matrix" className="border-collapse text-[11px] tabular-nums">
        <caption className={captionClass}>
          Confusion matrix
          <span className="block text-xs font-normal text-neutral-600 dark:text-neutral-400">
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
                    style={{ backgroundColor: heat(share) }}
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
