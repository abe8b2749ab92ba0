"use client";
import { useShallow } from "zustand/react/shallow";
import { ERROR_ALPHA, ERROR_COLORS } from "@/lib/render/mask";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { useSegmentStore } from "@/store/segment-store";
import { Fact } from "@/components/ui/fact";
import { hint } from "@/components/ui/field";
import { count, percent } from "@/components/ui/format";
import { Name, Panel } from "@/components/ui/panel";
import { scrollClass } from "@/components/ui/table";

const KEY = [
  ["correct", "Correct (the photo shows)"],
  ["wrong", "Wrong"],
  ["void", "Void (not scored)"],
] as const;

export function MetricsPanel() {
  const { metrics, name, view } = useSegmentStore(
    useShallow((s) => ({ metrics: s.truth?.metrics, name: s.truth?.name, view: s.view })),
  );
  // Without ground truth there is nothing to score; the Input panel says how to add it.
  if (!metrics) return null;
  const rows = VOC_CLASSES.map((_, k) => k).filter((k) => metrics.gtPixels[k] > 0 || metrics.predPixels[k] > 0);
  return (
    <Panel
      title={
        <>
          Scores against <Name>{name}</Name>
        </>
      }
    >
      <div className="flex flex-wrap items-start gap-x-10 gap-y-3">
        <dl className="min-w-48 text-sm">
          <Fact term="mIoU">{percent(metrics.mIoU)}</Fact>
          <Fact term="aAcc">{percent(metrics.aAcc)}</Fact>
          <Fact term="mAcc">{percent(metrics.mAcc)}</Fact>
        </dl>
        {view === "errors" && (
          <ul aria-label="Errors view colours" className="space-y-1 text-sm">
            {KEY.map(([key, label]) => (
              <li key={key} className="flex items-center gap-2">
                <span
                  aria-hidden
                  className="size-3.5 rounded-sm"
                  style={{
                    // Clear pixels show the faded photo: a grey gradient stands for it.
                    background: ERROR_ALPHA[key]
                      ? `rgb(${ERROR_COLORS[key].join(" ")} / ${(ERROR_ALPHA[key] / 255).toFixed(2)})`
                      : "linear-gradient(135deg, rgb(212 212 212), rgb(115 115 115))",
                  }}
                />
                {label}
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className={`${hint} mt-3 sm:hidden`}>The table scrolls sideways.</p>
      <div className={`mt-2 ${scrollClass}`} tabIndex={0} role="region" aria-label="Per-class IoU, scrollable">
        <table className="w-full text-sm">
          <caption className="mb-2 text-left font-medium">Per-class IoU</caption>
          <thead className="text-left text-neutral-500 dark:text-neutral-400">
            <tr className="border-b border-neutral-200 dark:border-neutral-800">
              <th scope="col" className="py-1 pr-4 font-medium">
                Class
              </th>
              <th scope="col" className="py-1 pr-4 text-right font-medium">
                IoU
              </th>
              <th scope="col" className="py-1 pr-4 text-right font-medium">
                Pixel accuracy
              </th>
              <th scope="col" className="py-1 pr-4 text-right font-medium">
                GT pixels
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Predicted pixels
              </th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {rows.map((k) => (
              <tr key={k} className="border-b border-neutral-100 last:border-0 dark:border-neutral-800">
                <th scope="row" className="py-1 pr-4 text-left font-normal">
                  {VOC_CLASSES[k]}
                </th>
                <td className="py-1 pr-4 text-right">{percent(metrics.iou[k])}</td>
                <td className="py-1 pr-4 text-right">{percent(metrics.acc[k])}</td>
                <td className="py-1 pr-4 text-right">{count(metrics.gtPixels[k])}</td>
                <td className="py-1 text-right">{count(metrics.predPixels[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
