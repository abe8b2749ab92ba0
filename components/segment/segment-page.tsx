"use client";
import { ErrorAlert } from "./error-alert";
import { FilePanel } from "./file-panel";
import { Legend } from "./legend";
import { MetricsPanel } from "./metrics-panel";
import { ModelPanel } from "./model-panel";
import { TimingPanel } from "./timing-panel";
import { usePageFiles } from "./use-page-files";
import { useStartup } from "./use-startup";
import { ViewControls } from "./view-controls";
import { Viewer } from "./viewer";

export function SegmentPage() {
  useStartup();
  usePageFiles();
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <aside className="space-y-4">
        <FilePanel />
        <ModelPanel />
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
