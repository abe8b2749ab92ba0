"use client";
import { useEffect } from "react";
import { cancelEvaluation, useEvalStore } from "@/store/eval-store";
import { initModels } from "@/store/model-store";
import { Results } from "@/components/evaluate/results";
import { RunControls } from "@/components/evaluate/run-controls";
import { RunsTable } from "@/components/evaluate/runs-table";
import { SetPicker } from "@/components/evaluate/set-picker";
import { SetSummary } from "@/components/evaluate/set-summary";
import { OwnModelPanel } from "@/components/custom-model/own-model-panel";

export function EvaluatePage() {
  const running = useEvalStore((s) => s.running);
  useEffect(() => {
    void initModels(new URLSearchParams(location.search));
    // Leaving the page stops a run (keeping what it scored): the Segment page may load another model.
    return cancelEvaluation;
  }, []);
  return (
    <div className="space-y-8">
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
