"use client";
import { useEffect } from "react";
import { leaveEvaluation, restoreRuns, useEvalStore } from "@/store/eval-store";
import { initModels } from "@/store/model-store";
import { Results } from "@/components/evaluate/results";
import { RunControls } from "@/components/evaluate/run-controls";
import { RunsTable } from "@/components/evaluate/runs-table";
import { SetPicker } from "@/components/evaluate/set-picker";
import { SetSummary } from "@/components/evaluate/set-summary";
import { OwnModelPanel } from "@/components/own-model/own-model-panel";

const LEAVE = "An evaluation is running. Leave the page and stop it?";

/** While a run goes on, asks before a reload, a closed tab or a link click takes the user away. */
function useLeaveWarning() {
  const running = useEvalStore((s) => s.running);
  useEffect(() => {
    if (!running) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    const onClick = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.("a[href]");
      if (link && !link.getAttribute("href")!.startsWith("#") && !confirm(LEAVE)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [running]);
}

export function EvaluatePage() {
  const running = useEvalStore((s) => s.running);
  useEffect(() => {
    void initModels(new URLSearchParams(location.search));
    void restoreRuns();
    // Leaving the page stops a run (keeping what it scored): the Segment page may load another model.
    return leaveEvaluation;
  }, []);
  useLeaveWarning();
  return (
    <div className="min-w-0 space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Evaluate on a VOC set</h1>
        <p className="text-neutral-600 dark:text-neutral-400">
          Scores a model over image/mask pairs mmsegmentation-style: one confusion matrix summed over all pixels, void
          (255) ignored. Everything runs in this tab.
        </p>
      </header>
      <section aria-labelledby="set-heading" className="space-y-3">
        <h2 id="set-heading" className="text-xl font-semibold">
          1 · Set
        </h2>
        <SetPicker />
        <SetSummary />
      </section>
      <section aria-labelledby="run-heading" className="space-y-3">
        <h2 id="run-heading" className="text-xl font-semibold">
          2 · Run
        </h2>
        <RunControls />
        <OwnModelPanel disabled={running} />
      </section>
      <RunsTable />
      <Results />
    </div>
  );
}
