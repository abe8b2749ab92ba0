import type { EvalReport } from "@/lib/metrics/report";
import { captionClass, cellClass, tableClass } from "@/components/evaluate/ui";

const num = (v: number | null) => (v === null ? "–" : v.toFixed(2));

/** IoU and accuracy per class over the whole set, in %. */
export function ClassTable({ report }: { report: EvalReport }) {
  return (
    <table className={tableClass}>
      <caption className={captionClass}>Per-class IoU</caption>
      <thead>
        <tr className="text-left">
          <th scope="col" className={cellClass}>
            Class
          </th>
          <th scope="col" className={`${cellClass} text-right`}>
            IoU (%)
          </th>
          <th scope="col" className={`${cellClass} text-right`}>
            Acc (%)
          </th>
          <th scope="col" className={`${cellClass} text-right`}>
            GT pixels
          </th>
        </tr>
      </thead>
      <tbody>
        {report.perClass.map((c) => (
          <tr key={c.class}>
            <th scope="row" className={`${cellClass} text-left font-normal`}>
              {c.class}
            </th>
            <td className={`${cellClass} text-right`}>{num(c.iou)}</td>
            <td className={`${cellClass} text-right`}>{num(c.acc)}</td>
            <td className={`${cellClass} text-right text-neutral-500`}>{c.gtPixels.toLocaleString("en")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
