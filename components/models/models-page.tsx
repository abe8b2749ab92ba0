"use client";
import { useEffect, useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { configurations, costKey, frontKeys, PAPER, type Configuration } from "@/lib/models/configurations";
import { describeMode } from "@/lib/pipeline/modes";
import { initModels, useModelStore } from "@/store/model-store";
import { ChartLegend } from "@/components/models/chart-legend";
import { ConfigurationsTable } from "@/components/models/configurations-table";
import { MODEL_COLORS } from "@/components/models/marker";
import { MeasurePanel } from "@/components/models/measure-panel";
import { TradeOffChart } from "@/components/models/trade-off-chart";
import { useApply } from "@/components/models/use-apply";
import { useScores } from "@/components/models/use-scores";
import { decimal, millis, percent } from "@/components/ui/format";

const billions = (v: number) => `${decimal(v / 1e9, v < 1e9 ? 1 : 0)}`;
const PAPER_NAME = `${PAPER.label}: ${percent(PAPER.mIoU / 100)} mIoU, ${decimal(PAPER.madds / 1e9)}B MAdds`;

export function ModelsPage() {
  useEffect(() => void initModels(new URLSearchParams(location.search)), []);
  const { scores, error } = useScores();
  const { manifest, manifestError, backend, costs } = useModelStore(
    useShallow((s) => ({ manifest: s.manifest, manifestError: s.manifestError, backend: s.backend, costs: s.costs })),
  );
  const models = useMemo(() => manifest?.models ?? [], [manifest]);
  const configs = useMemo(() => (scores ? configurations(models, scores) : []), [models, scores]);
  const colors = useMemo(() => new Map(models.map((m, i) => [m.id, MODEL_COLORS[i % MODEL_COLORS.length]])), [models]);
  const latency = (c: Configuration): number | undefined => costs[costKey(backend, c.model.id, c.mode)];
  const maddsFront = useMemo(() => frontKeys(configs, (c) => c.madds), [configs]);
  const latencyFront = frontKeys(configs, (c) => latency(c) ?? NaN);
  const apply = useApply();
  const who = (c: Configuration) => `${c.model.name}, ${describeMode(c.mode)}: ${percent(c.mIoU / 100)} mIoU`;

  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Accuracy against cost</h1>
        <p className="text-neutral-600 dark:text-neutral-400">
          Every model and accuracy mode the app runs: mIoU on the VOC sample (346 of the 1449 val images, scored by{" "}
          <code>npm run models:table</code>) against multiply-adds, and against latency measured in this browser. Click
          a point, or press Enter on it, to use it on the Segment page.
        </p>
      </header>
      {(error || manifestError) && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error ?? manifestError}
        </p>
      )}
      <ChartLegend models={models.filter((m) => configs.some((c) => c.model.id === m.id))} colors={colors} />
      <div className="grid gap-8 lg:grid-cols-2">
        <section aria-labelledby="madds-heading" className="min-w-0 space-y-3">
          <h2 id="madds-heading" className="text-xl font-semibold">
            Multiply-adds
          </h2>
          <TradeOffChart
            title="mIoU against multiply-adds"
            configs={configs}
            x={(c) => c.madds}
            xLabel="Multiply-adds per image, billions (log scale)"
            tick={billions}
            name={(c) => `${who(c)}, ${decimal(c.madds / 1e9)}B MAdds`}
            front={maddsFront}
            colors={colors}
            reference={{ x: PAPER.madds, y: PAPER.mIoU, label: "Paper (full val)", name: PAPER_NAME }}
            onApply={apply}
            empty={scores ? "No configurations to show." : "Loading the scores…"}
          />
        </section>
        <section aria-labelledby="latency-heading" className="min-w-0 space-y-3">
          <h2 id="latency-heading" className="text-xl font-semibold">
            Latency on this device
          </h2>
          <MeasurePanel configs={configs} />
          <TradeOffChart
            title="mIoU against latency on this device"
            configs={configs}
            x={latency}
            xLabel="Latency per image, ms (log scale)"
            tick={(v) => String(v)}
            name={(c) => `${who(c)}, ${millis(latency(c))}`}
            front={latencyFront}
            colors={colors}
            reference={{ y: PAPER.mIoU, label: "Paper, full val: 75.32", name: PAPER_NAME }}
            onApply={apply}
            empty="Not measured yet: press “Measure on this device”."
          />
        </section>
      </div>
      <ConfigurationsTable
        configs={configs}
        latency={latency}
        maddsFront={maddsFront}
        latencyFront={latencyFront}
        onApply={apply}
      />
      <p className="text-xs text-neutral-500 dark:text-neutral-400">
        MAdds per configuration: the model&apos;s multiply-adds at its own input size × the input area each run feeds it
        (for fits that keep the aspect ratio, of a 500×375 image, VOC&apos;s commonest size) ÷ that size × runs per
        image. mIoU is that of the file the page loads (a quantized model&apos;s float twin). The paper&apos;s figure is
        on the full val set, the points on a 346-image sample, so they compare only roughly.
      </p>
    </div>
  );
}
