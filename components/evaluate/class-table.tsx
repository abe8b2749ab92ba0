import type { EvalReport } from "@/lib/metrics/report";
import { count, decimal } from "@/components/ui/format";
import { captionClass, cellClass, tableClass } from "@/components/ui/table";

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
            <td className={`${cellClass} text-right`}>{decimal(c.iou)}</td>
            <td className={`${cellClass} text-right`}>{decimal(c.acc)}</td>
            <td className={`${cellClass} text-right text-neutral-600 dark:text-neutral-400`}>{count(c.gtPixels)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
