"use client";
import { ComparePanel } from "@/components/segment/compare-panel";
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

/**
 * Four areas. On a phone they stack in source order, so the result comes right after the upload buttons;
 * on a desktop the input and the settings sit left, the viewer in the middle, view and classes right,
 * so the image and its legend are in view together.
 */
export function SegmentPage({ extraControls }: { extraControls?: React.ReactNode }) {
  useStartup();
  usePageFiles();
  return (
    <div className="grid gap-4 lg:grid-cols-[16rem_minmax(0,1fr)_16rem] lg:grid-rows-[auto_1fr] lg:gap-5">
      <h1 className="sr-only">Segment an image</h1>
      <div className="lg:col-start-1 lg:row-start-1">
        <FilePanel />
      </div>
      <div className="min-w-0 lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <ErrorAlert />
        <Viewer />
        <div className="mt-4 space-y-4">
          <MetricsPanel />
          <ComparePanel />
        </div>
      </div>
      <div className="space-y-4 lg:col-start-3 lg:row-span-2 lg:row-start-1">
        <Legend />
        <ViewControls />
      </div>
      {/* Settings; further panels (live camera, your own model) go here. */}
      <div className="space-y-4 lg:col-start-1 lg:row-start-2">
        <ModelPanel />
        <QualityControl />
        {extraControls}
        <TimingPanel />
      </div>
    </div>
  );
}
