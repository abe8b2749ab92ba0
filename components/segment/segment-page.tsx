"use client";
import { LivePanel } from "@/components/live/live-panel";
import { ComparePanel } from "@/components/segment/compare-panel";
import { ErrorAlert } from "@/components/segment/error-alert";
import { FilePanel } from "@/components/segment/file-panel";
import { Legend } from "@/components/segment/legend";
import { MetricsPanel } from "@/components/segment/metrics-panel";
import { ModelPanel } from "@/components/segment/model-panel";
import { QualityControl } from "@/components/segment/quality-control";
import { TimingPanel } from "@/components/segment/timing-panel";
import { usePageFiles } from "@/components/segment/use-page-files";
import { useSelectionUrl } from "@/components/segment/use-selection-url";
import { useStartup } from "@/components/segment/use-startup";
import { ViewControls } from "@/components/segment/view-controls";
import { Viewer } from "@/components/segment/viewer";
import { OwnModelPanel } from "@/components/own-model/own-model-panel";
import { rerun } from "@/store/segment-store";

/**
 * Five areas in four rows on a desktop. On a phone they stack in source order, so the result comes right after the upload buttons and
 * the classes right after it; on a desktop the input and the settings sit left, the viewer in the middle,
 * classes and view right, so the image and its legend are in view together, and scores and comparison below.
 */
export function SegmentPage({ extraControls }: { extraControls?: React.ReactNode }) {
  useStartup();
  useSelectionUrl();
  usePageFiles();
  return (
    <div className="grid gap-4 lg:grid-cols-[16rem_minmax(0,1fr)_16rem] lg:grid-rows-[auto_auto_auto_1fr] lg:gap-5">
      <h1 className="sr-only">Segment an image</h1>
      <div className="lg:col-start-1 lg:row-start-1">
        <FilePanel />
      </div>
      <div className="min-w-0 lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <ErrorAlert />
        <Viewer />
      </div>
      <div className="space-y-4 lg:col-start-3 lg:row-span-2 lg:row-start-1">
        <Legend />
        <ViewControls />
      </div>
      {/* Scores and comparison: below the legend on a phone, under the viewer on a desktop. */}
      <div className="min-w-0 space-y-4 empty:hidden lg:col-span-2 lg:col-start-2 lg:row-start-3">
        <MetricsPanel />
        <ComparePanel />
      </div>
      {/* Settings, live camera and your own model. */}
      {/* Down to the last row, which alone grows with it: a long settings column leaves no gap above the scores. */}
      <div className="space-y-4 lg:col-start-1 lg:row-span-3 lg:row-start-2">
        <ModelPanel />
        <QualityControl />
        <OwnModelPanel onReady={() => void rerun()} />
        <LivePanel />
        {extraControls}
        <TimingPanel />
      </div>
    </div>
  );
}
