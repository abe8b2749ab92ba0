"use client";
import { LivePanel } from "@/components/live/live-panel";
import { ErrorAlert } from "@/components/segment/error-alert";
import { FilePanel } from "@/components/segment/file-panel";
import { Legend } from "@/components/segment/legend";
import { MetricsPanel } from "@/components/segment/metrics-panel";
import { ModelPanel } from "@/components/segment/model-panel";
import { QualityControl } from "@/components/segment/quality-control";
import { TimingPanel } from "@/components/segment/timing-panel";
import { usePageFiles } from "@/components/segment/use-page-files";
import { useStartup } from "@/components/segment/use-startup";
import { ViewControls } from "@/components/segment/view-controls";
import { Viewer } from "@/components/segment/viewer";
import { OwnModelPanel } from "@/components/custom-model/own-model-panel";
import { rerun } from "@/store/segment-store";

export function SegmentPage() {
  useStartup();
  usePageFiles();
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <aside className="space-y-4">
        <FilePanel />
        <LivePanel />
        <ModelPanel />
        <OwnModelPanel onReady={() => void rerun()} />
        <QualityControl />
        <ViewControls />
        <Legend />
        <TimingPanel />
      </aside>
      <div className="min-w-0">
        <ErrorAlert />
        <div className="space-y-4">
          <Viewer />
          <MetricsPanel />
        </div>
      </div>
    </div>
  );
}
