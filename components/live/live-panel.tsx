"use client";
import { useEffect, useId } from "react";
import { useShallow } from "zustand/react/shallow";
import { Alert } from "@/components/ui/alert";
import { Button, FileButton, takeFile } from "@/components/ui/button";
import { Fact } from "@/components/ui/fact";
import { fieldLabel, hint } from "@/components/ui/field";
import { decimal, millis } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { Select } from "@/components/ui/select";
import {
  attachVideo,
  dismissLiveError,
  liveSamples,
  recordLiveSamples,
  pauseLive,
  resumeLive,
  selectCamera,
  setMirror,
  startCamera,
  startVideo,
  stopLive,
  useLiveStore,
} from "@/store/live-store";

/** Camera and video input: frames are segmented as they come, into the same viewer, legend and downloads. */
export function LivePanel() {
  const id = useId();
  const s = useLiveStore(
    useShallow((s) => ({
      status: s.status,
      source: s.source,
      cameras: s.cameras,
      cameraId: s.cameraId,
      mirror: s.mirror,
      fps: s.fps,
      latencyMs: s.latencyMs,
      latencyP90Ms: s.latencyP90Ms,
      error: s.error,
    })),
  );
  const on = s.status !== "off";
  useEffect(() => {
    // `npm run bench` reads the masks drawn from a live run.
    if (!new URLSearchParams(location.search).has("bench")) return;
    recordLiveSamples();
    (window as unknown as { __deeplabLive: unknown }).__deeplabLive = { samples: liveSamples };
  }, []);
  const camera = s.source === "camera";
  return (
    <Panel title="Live">
      <Alert message={s.error} onDismiss={dismissLiveError} dismissLabel="Dismiss camera message" className="mb-3" />
      <div className="flex flex-wrap gap-2">
        {camera && on ? (
          <Button onClick={stopLive}>Stop camera</Button>
        ) : (
          <Button onClick={() => void startCamera()}>Start camera</Button>
        )}
        {s.status === "paused" ? (
          <Button onClick={resumeLive}>Resume</Button>
        ) : (
          <Button disabled={s.status !== "live"} onClick={pauseLive}>
            Pause
          </Button>
        )}
        <FileButton label="Upload video" accept="video/mp4,video/webm,video/*" onChange={takeFile(startVideo)} />
        {s.source === "video" && <Button onClick={stopLive}>Stop video</Button>}
      </div>
      {s.cameras.length > 1 && (
        <div className="mt-3">
          <label htmlFor={`${id}-camera`} className={fieldLabel}>
            Camera
          </label>
          <Select
            id={`${id}-camera`}
            value={s.cameraId ?? ""}
            onChange={(e) => selectCamera(e.target.value)}
            className="mt-1 w-full"
          >
            {s.cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </Select>
        </div>
      )}
      {s.source !== "video" && (
        <label className="mt-3 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={s.mirror} onChange={(e) => setMirror(e.target.checked)} />
          Mirror
        </label>
      )}
      <video
        ref={attachVideo}
        aria-label="Video source"
        controls={s.source === "video"}
        playsInline
        muted
        className={s.source === "video" ? "mt-3 w-full rounded-md" : "hidden"}
      />
      {on && (
        <dl className="mt-3 grid grid-cols-3 gap-2">
          <Fact term="FPS" look="stack">
            {decimal(s.fps, 1)}
          </Fact>
          <Fact term="Capture to mask" look="stack">
            {millis(s.latencyMs)}
          </Fact>
          <Fact term="p90" look="stack">
            {millis(s.latencyP90Ms)}
          </Fact>
        </dl>
      )}
      <p className={hint}>
        {on
          ? "Medians (and the capture-to-mask 90th percentile) over the last 30 masks. Frames are taken just in time for the model, never queued."
          : "Segment a camera or an mp4/webm video continuously. Frames never leave this browser."}
      </p>
    </Panel>
  );
}
