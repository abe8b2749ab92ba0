"use client";
import { clearHistory, showRun, toggleCompared, undoClear, useEvalStore, type Run } from "@/store/eval-store";
import { sessions } from "@/components/evaluate/results";
import { Button } from "@/components/ui/button";
import { decimal, NONE, percent, signed } from "@/components/ui/format";
import { captionClass, cellClass, tableClass, scrollClass } from "@/components/ui/table";

const right = `${cellClass} text-right`;
const oneLine = `${cellClass} whitespace-nowrap`;

/** Every run of this session, to show one or compare several. */
export function RunsTable() {
  const runs = useEvalStore((s) => s.runs);
  const shownRun = useEvalStore((s) => s.shownRun);
  const compared = useEvalStore((s) => s.compared);
  const running = useEvalStore((s) => s.running);
  const historyError = useEvalStore((s) => s.historyError);
  const cleared = useEvalStore((s) => s.cleared?.runs.length);
  const undo = (
    <p role="status" className="flex flex-wrap items-center gap-2 text-sm">
      {cleared ? (
        <>
          {`History cleared: ${cleared} run${cleared > 1 ? "s" : ""}.`}
          <Button onClick={() => void undoClear()}>Undo</Button>
        </>
      ) : null}
    </p>
  );
  if (!runs.length)
    return (
      <>
        {undo}
        {historyError && <p role="alert">{historyError}</p>}
      </>
    );
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-neutral-600 dark:text-neutral-400">
          Runs are kept in this browser until you clear them.
        </p>
        <Button disabled={running} onClick={() => void clearHistory()}>
          Clear history
        </Button>
      </div>
      {undo}
      {historyError && <p role="alert">{historyError}</p>}
      <div className={scrollClass} tabIndex={0} role="region" aria-label="Runs, scrollable">
        <table className={tableClass}>
          <caption className={captionClass}>Runs</caption>
          <thead>
            <tr className="text-left">
              {["Run", "Model", "Backend", "Pairs", "Status"].map((h) => (
                <th key={h} scope="col" className={cellClass}>
                  {h}
                </th>
              ))}
              {["mIoU", "mAcc", "aAcc", "Images/s"].map((h) => (
                <th key={h} scope="col" className={right}>
                  {h}
                </th>
              ))}
              <th scope="col" className={cellClass}>
                <span className="sr-only">Show</span>
              </th>
              <th scope="col" className={cellClass}>
                Compare
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map(({ id, name, report: r }) => (
              <tr key={id} className={id === shownRun ? "bg-blue-50 dark:bg-blue-950" : ""}>
                <th scope="row" className={`${oneLine} text-left font-normal`}>
                  {name}
                </th>
                <td className={oneLine}>{r.model.id}</td>
                <td className={oneLine}>{`${r.backend.replace("onnxruntime-web ", "")}, ${sessions(r)}`}</td>
                <td className={cellClass}>{r.pairs}</td>
                <td className={cellClass}>
                  {r.status === "complete" ? "complete" : `${r.status} (${r.processed}/${r.planned})`}
                </td>
                <td className={right}>{percent(r.mIoU / 100)}</td>
                <td className={right}>{percent(r.mAcc / 100)}</td>
                <td className={right}>{percent(r.aAcc / 100)}</td>
                <td className={right}>{decimal(r.imagesPerSecond)}</td>
                <td className={cellClass}>
                  <Button aria-label={`Show ${name}`} aria-pressed={id === shownRun} onClick={() => showRun(id)}>
                    Show
                  </Button>
                </td>
                <td className={cellClass}>
                  <input
                    type="checkbox"
                    aria-label={`Compare ${name}`}
                    checked={compared.includes(id)}
                    onChange={() => toggleCompared(id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CompareTable runs={runs.filter((r) => compared.includes(r.id))} />
    </section>
  );
}

/** Per-class IoU of the ticked runs side by side, with the change from the first when there are two. */
function CompareTable({ runs }: { runs: Run[] }) {
  if (runs.length < 2) return null;
  const delta = runs.length === 2;
  const iou = (run: Run, k: number) => run.report.perClass[k].iou;
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? NONE : signed(b - a));
  return (
    <div className={scrollClass} tabIndex={0} role="region" aria-label="Per-class IoU by run, scrollable">
      <table className={tableClass}>
        <caption className={captionClass}>Per-class IoU by run</caption>
        <thead>
          <tr className="text-left">
            <th scope="col" className={cellClass}>
              Class
            </th>
            {runs.map((r) => (
              <th key={r.id} scope="col" className={right}>
                {r.name} · {r.report.model.id} · {r.report.backend.replace("onnxruntime-web ", "")} (%)
              </th>
            ))}
            {delta && (
              <th scope="col" className={right}>
                Change
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {runs[0].report.perClass.map((c, k) => (
            <tr key={c.class}>
              <th scope="row" className={`${oneLine} text-left font-normal`}>
                {c.class}
              </th>
              {runs.map((r) => (
                <td key={r.id} className={right}>
                  {decimal(iou(r, k))}
                </td>
              ))}
              {delta && <td className={right}>{diff(iou(runs[0], k), iou(runs[1], k))}</td>}
            </tr>
          ))}
          <tr className="font-semibold">
            <th scope="row" className={`${cellClass} text-left`}>
              mIoU
            </th>
            {runs.map((r) => (
              <td key={r.id} className={right}>
                {decimal(r.report.mIoU)}
              </td>
            ))}
            {delta && <td className={right}>{diff(runs[0].report.mIoU, runs[1].report.mIoU)}</td>}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
