"use client";
import { reportToCsv } from "@/lib/metrics/report";
import { useEvalStore, type Run } from "@/store/eval-store";
import { ClassTable } from "@/components/evaluate/class-table";
import { ConfusionMatrix } from "@/components/evaluate/confusion-matrix";
import { ImageTable } from "@/components/evaluate/image-table";
import { SkippedList } from "@/components/evaluate/skipped-list";
import { Button } from "@/components/ui/button";
import { saveFile } from "@/components/ui/download";
import { Fact } from "@/components/ui/fact";
import { decimal, duration, NONE, percent, plural } from "@/components/ui/format";

/** How a run was executed: "2 sessions × 1 thread", or "2 threads" for one session. */
export const sessions = (r: { workers?: number; threads: number }) =>
  `${r.workers ? `${r.workers} sessions × ` : ""}${plural(r.threads, "thread")}`;

function Summary({ run }: { run: Run }) {
  const r = run.report;
  const ms = Object.entries(r.medianMs)
    .map(([k, v]) => `${k} ${decimal(v, 1)}`)
    .join(" · ");
  // The report holds percentages.
  const headline: [string, number][] = [
    ["mIoU", r.mIoU],
    ["mAcc", r.mAcc],
    ["aAcc", r.aAcc],
  ];
  const details: [string, string][] = [
    ["Pairs", String(r.pairs)],
    ["Skipped", String(r.skipped.length)],
    ["Model", r.model.name],
    ["Backend", `${r.backend}, ${sessions(r)}`],
    ["Images/s", decimal(r.imagesPerSecond)],
    ["Time", duration(r.seconds)],
    ["Median ms per image", ms || NONE],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-5">
      {headline.map(([term, value]) => (
        <Fact key={term} term={term} look="stat">
          {percent(value / 100)}
        </Fact>
      ))}
      {details.map(([term, value]) => (
        <Fact key={term} term={term} look="stack">
          {value}
        </Fact>
      ))}
    </dl>
  );
}

const fileName = (run: Run, ext: string) =>
  `deeplab-eval-${run.report.model.id}-${run.report.backend.split(" ").pop()}-run${run.id}.${ext}`;

/** The shown run: summary, exports, per-class table, confusion matrix, skipped pairs and per-image table. */
export function Results() {
  const run = useEvalStore((s) => s.runs.find((r) => r.id === s.shownRun));
  if (!run) return null;
  const r = run.report;
  return (
    <section aria-labelledby="results-heading" className="space-y-6">
      <h2 id="results-heading" className="text-xl font-semibold">
        Results · {run.name}
      </h2>
      {r.status !== "complete" && (
        <p
          role="note"
          className="rounded-md bg-amber-100 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          Partial results: {r.status} after {r.processed} of {r.planned} pairs.{run.error && ` ${run.error}`}
        </p>
      )}
      {r.fallback && <p className="text-sm text-amber-700 dark:text-amber-400">Ran on WASM: {r.fallback}</p>}
      <Summary run={run} />
      <div className="flex gap-3">
        <Button onClick={() => saveFile(fileName(run, "csv"), reportToCsv(r), "text/csv")}>Download CSV</Button>
        <Button onClick={() => saveFile(fileName(run, "json"), JSON.stringify(r, null, 1) + "\n", "application/json")}>
          Download JSON
        </Button>
      </div>
      <div className="grid gap-8 lg:grid-cols-[minmax(0,20rem)_1fr]">
        <ClassTable report={r} />
        <ConfusionMatrix confusion={r.confusion} names={r.perClass.map((c) => c.class)} />
      </div>
      <SkippedList skipped={r.skipped} />
      <ImageTable key={run.id} run={run} />
    </section>
  );
}
