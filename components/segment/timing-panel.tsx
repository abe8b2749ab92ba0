"use client";
import { useSyncExternalStore } from "react";
import { useShallow } from "zustand/react/shallow";
import type { SessionInfo } from "@/lib/contract";
import { useSegmentStore } from "@/store/segment-store";
import { Fact } from "@/components/ui/fact";
import { millis, NONE, plural } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

const STAGES = [
  ["decode", "Decode"],
  ["preprocess", "Preprocess"],
  ["inference", "Inference"],
  ["postprocess", "Postprocess"],
] as const;

const noSubscribe = () => () => {};
const isolated = () => self.crossOriginIsolated;

function providerText(info: SessionInfo) {
  if (info.ep === "webgpu") return "WebGPU";
  return `WASM · ${plural(info.threads, "thread")}`;
}

export function TimingPanel() {
  const { info, timings, drawMs, runs } = useSegmentStore(
    useShallow((s) => ({ info: s.result?.info, timings: s.result?.timings, drawMs: s.drawMs, runs: s.runs })),
  );
  const crossOriginIsolated = useSyncExternalStore(noSubscribe, isolated, () => true);
  return (
    <Panel title="Where the time went">
      <dl className="text-sm">
        <Fact term="Execution provider">{info ? providerText(info) : NONE}</Fact>
        {STAGES.map(([key, term]) => (
          <Fact key={key} term={term}>
            {millis(timings?.[key])}
          </Fact>
        ))}
        <Fact term="Draw">{millis(drawMs)}</Fact>
        <Fact term="Runs">{runs}</Fact>
      </dl>
      {info?.fallback && (
        <p className="mt-2 text-sm text-amber-700 dark:text-amber-400">
          WebGPU unavailable — fell back to WASM: {info.fallback}
        </p>
      )}
      {!crossOriginIsolated && (
        <p className="mt-2 text-sm text-amber-700 dark:text-amber-400">
          Threads are off: this page is not cross-origin isolated, so WASM runs on one thread.
        </p>
      )}
    </Panel>
  );
}
