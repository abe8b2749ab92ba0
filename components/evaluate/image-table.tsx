"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { EvalPair, Run } from "@/store/eval-store";
import { useHandoffStore } from "@/store/handoff-store";
import { Thumbnail } from "@/components/evaluate/thumbnail";
import { Button } from "@/components/ui/button";
import { decimal, dims, percent } from "@/components/ui/format";
import { captionClass, cellClass, tableClass, scrollClass } from "@/components/ui/table";

const PAGE = 100;
type Order = "run" | "ascending" | "descending";

/** NaN (an image with only void pixels) sorts last either way. */
function sortByMIoU<T extends { mIoU: number }>(rows: T[], order: Order): T[] {
  if (order === "run") return rows;
  const sign = order === "ascending" ? 1 : -1;
  return [...rows].sort((a, b) => (Number.isNaN(a.mIoU) ? 1 : Number.isNaN(b.mIoU) ? -1 : sign * (a.mIoU - b.mIoU)));
}

/** Per-image scores; a row opens its image and ground truth on the Segment page. */
export function ImageTable({ run }: { run: Run }) {
  const router = useRouter();
  const [order, setOrder] = useState<Order>("run");
  const [shown, setShown] = useState(PAGE);
  const rows = useMemo(() => sortByMIoU(run.report.perImage, order), [run, order]);

  async function open(pair: EvalPair) {
    const [image, mask] = await Promise.all([pair.image.file(), pair.mask.file()]);
    useHandoffStore.getState().give({ image, mask });
    router.push("/");
  }

  return (
    <div className="space-y-2">
      <div className={scrollClass} tabIndex={0} role="region" aria-label="Images, scrollable">
        <table className={tableClass}>
          <caption className={captionClass}>Images</caption>
          <thead>
            <tr className="text-left">
              <th scope="col" className={cellClass}>
                Image
              </th>
              <th scope="col" className={`${cellClass} text-right`}>
                Size
              </th>
              <th scope="col" className={`${cellClass} text-right`} aria-sort={order === "run" ? "none" : order}>
                <button
                  type="button"
                  aria-label="Sort by mIoU"
                  className="font-semibold hover:underline"
                  onClick={() => setOrder(order === "ascending" ? "descending" : "ascending")}
                >
                  mIoU {order === "ascending" ? "▲" : order === "descending" ? "▼" : "↕"}
                </button>
              </th>
              <th scope="col" className={`${cellClass} text-right`}>
                aAcc
              </th>
              <th scope="col" className={`${cellClass} text-right`}>
                Time (ms)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map((r) => {
              const pair = run.pairs.get(r.id);
              const ms = Object.values(r.timings).reduce((a, b) => a + b, 0);
              return (
                <tr key={r.id}>
                  <td className={cellClass}>
                    {pair ? (
                      <button
                        type="button"
                        aria-label={`Open ${r.id} on the Segment page`}
                        title="Open with its ground truth on the Segment page"
                        className="flex items-center gap-3 font-mono hover:underline"
                        onClick={() => void open(pair)}
                      >
                        <Thumbnail file={pair.image} />
                        {r.id}
                      </button>
                    ) : (
                      <span className="font-mono">{r.id}</span>
                    )}
                  </td>
                  <td className={`${cellClass} text-right`}>{dims(r.width, r.height)}</td>
                  <td className={`${cellClass} text-right`}>{percent(r.mIoU)}</td>
                  <td className={`${cellClass} text-right`}>{percent(r.aAcc)}</td>
                  <td className={`${cellClass} text-right`}>{decimal(ms, 0)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length > shown && (
        <Button onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, rows.length - shown)} more images (of {rows.length})
        </Button>
      )}
    </div>
  );
}
