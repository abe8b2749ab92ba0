"use client";
import { useEffect, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import { drawBitmap, putPixels } from "@/lib/render/canvas";
import { colorize, errorPixels, maskColors } from "@/lib/render/mask";
import { noteDraw, useSegmentStore } from "@/store/segment-store";
import { useZoom } from "@/components/segment/use-zoom";
import { BusyStatus, PointerStatus } from "@/components/segment/viewer-status";

/** The image and its mask (or error map) stacked at full resolution; opacity is pure CSS. */
export function Viewer() {
  const { result, truth, hidden, view, opacity, runs, busy, dragging } = useSegmentStore(
    useShallow((s) => ({
      result: s.result,
      truth: s.truth,
      hidden: s.hidden,
      view: s.view,
      opacity: s.opacity,
      runs: s.runs,
      busy: s.busy,
      dragging: s.dragging,
    })),
  );
  const imageRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<HTMLCanvasElement>(null);
  const errors = view === "errors" && truth !== undefined;

  useEffect(() => {
    if (!result || !imageRef.current || !layerRef.current) return;
    const t0 = performance.now();
    drawBitmap(imageRef.current, result.bitmap);
    const pixels = errors ? errorPixels(result.labels, truth.labels) : colorize(result.labels, maskColors(hidden));
    putPixels(layerRef.current, pixels, result.width, result.height);
    noteDraw(performance.now() - t0);
  }, [result, truth, hidden, errors]);

  const { stageRef, zoom, cursor, handlers } = useZoom(result, result);

  return (
    <figure
      aria-label="Segmentation result"
      aria-busy={busy}
      data-runs={runs}
      data-model={result?.modelId}
      className={`rounded-lg border bg-white p-2 shadow-sm sm:p-3 dark:bg-neutral-900 ${
        dragging ? "border-sky-500 ring-2 ring-sky-500/40" : "border-neutral-200 dark:border-neutral-800"
      }`}
    >
      {!result && (
        <div className="flex min-h-64 flex-col items-center justify-center gap-2 rounded-md border-2 border-dashed border-neutral-300 p-6 text-center text-neutral-600 sm:min-h-96 dark:border-neutral-700 dark:text-neutral-400">
          <p className="text-base font-medium text-neutral-800 dark:text-neutral-200">Drop an image here</p>
          <p className="text-sm">or use “Upload image”, paste one, or click a sample. Nothing leaves this browser.</p>
        </div>
      )}
      <div
        className={`relative mx-auto bg-neutral-100 dark:bg-neutral-800 ${result ? "" : "hidden"}`}
        style={
          result
            ? {
                aspectRatio: `${result.width} / ${result.height}`,
                width: `min(100%, calc(75vh * ${result.width / result.height}))`,
              }
            : undefined
        }
      >
        <div
          ref={stageRef}
          tabIndex={result ? 0 : -1}
          role="group"
          aria-label="Image viewer: + and − zoom, 0 resets, arrow keys move the cursor, Shift+arrows pan"
          aria-roledescription="zoomable image"
          data-zoom={zoom.scale.toFixed(2)}
          className="absolute inset-0 touch-none overflow-hidden focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          {...handlers}
        >
          <div
            className="absolute inset-0 origin-top-left"
            style={{ transform: `translate(${zoom.x}px, ${zoom.y}px) scale(${zoom.scale})` }}
          >
            <canvas
              ref={imageRef}
              role="img"
              aria-label={result ? `Image ${result.name}` : "Image"}
              className={`absolute inset-0 h-full w-full ${view === "mask" ? "invisible" : ""} ${errors ? "opacity-40 grayscale" : ""}`}
            />
            <canvas
              ref={layerRef}
              role="img"
              aria-label={errors ? "Error map" : "Segmentation mask"}
              style={{
                // The error map has its own strength: full, over the faded photo, whatever the Overlay opacity.
                opacity: view === "mask" || errors ? 1 : opacity / 100,
                imageRendering: zoom.scale > 2 ? "pixelated" : undefined,
              }}
              className={`absolute inset-0 h-full w-full ${view === "image" ? "hidden" : ""}`}
            />
            {cursor && result && (
              <div
                aria-hidden
                className="pointer-events-none absolute size-3 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white shadow-[0_0_0_1px_black]"
                style={{
                  left: `${((cursor.x + 0.5) / result.width) * 100}%`,
                  top: `${((cursor.y + 0.5) / result.height) * 100}%`,
                  transform: `translate(-50%, -50%) scale(${1 / zoom.scale})`,
                }}
              />
            )}
          </div>
        </div>
        {busy && <div className="absolute inset-0 animate-pulse bg-white/30 dark:bg-black/30" aria-hidden />}
      </div>
      <figcaption className="mt-2 flex flex-wrap justify-between gap-2 text-sm text-neutral-600 dark:text-neutral-400">
        <PointerStatus />
        <BusyStatus />
      </figcaption>
    </figure>
  );
}
