"use client";
import { create } from "zustand";
import { inference } from "@/lib/inference/client";
import { LatestFrame } from "@/lib/live/latest-frame";
import { CAMERA_ENDED, CAMERA_UNAVAILABLE, cameraProblem, videoProblem } from "@/lib/live/media-errors";
import { RollingMedian, RollingRate } from "@/lib/live/rolling-median";
import { classHistogram } from "@/lib/pipeline/postprocess";
import { currentModel, currentMode, ensureModel, noteSession, useModelStore } from "@/store/model-store";
import { useSegmentStore } from "@/store/segment-store";

export type LiveStatus = "off" | "starting" | "live" | "paused";

export interface Camera {
  id: string;
  label: string;
}

interface LiveState {
  status: LiveStatus;
  source?: "camera" | "video";
  /** The video file's name, when the source is a file. */
  videoName?: string;
  cameras: Camera[];
  cameraId?: string;
  mirror: boolean;
  /** Masks drawn per second, rolling median. */
  fps: number;
  /** Capture to mask drawn, rolling median, ms. */
  latencyMs?: number;
  /** Frames dropped because a newer one arrived while the model ran. */
  dropped: number;
  error?: string;
}

export const useLiveStore = create<LiveState>(() => ({ status: "off", cameras: [], mirror: true, fps: 0, dropped: 0 }));

const set = useLiveStore.setState;
const get = useLiveStore.getState;

type Captured = { frame: ImageBitmap | VideoFrame; captured: number };

/** Chromium's MediaStreamTrackProcessor: a camera track as a stream of VideoFrames, without a <video> in between. */
type TrackProcessor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };
const TrackProcessor = (globalThis as unknown as { MediaStreamTrackProcessor?: TrackProcessor })
  .MediaStreamTrackProcessor;

let video: HTMLVideoElement | undefined;
let stream: MediaStream | undefined;
let loop: LatestFrame<Captured> | undefined;
let rate = new RollingRate();
let latency = new RollingMedian();
let loadedKey: string | undefined;
/** Every mask drawn since the last start: when (ms, performance.now()) and its capture-to-mask latency, for `npm run bench`. */
let drawn: { at: number; latency: number }[] = [];

export const liveSamples = () => drawn.slice();

/** The model, backend and threads selected now: a frame's mask is shown only if this has not changed since. */
const selectionKey = () => {
  const { modelId, backend, threads, customMode, quality } = useModelStore.getState();
  return JSON.stringify([modelId, backend, threads, customMode, quality]);
};

/** The page's <video> element, which plays the camera or the file. */
export function attachVideo(element: HTMLVideoElement | null) {
  video = element ?? undefined;
}

async function processFrame({ frame, captured }: Captured) {
  const key = selectionKey();
  let model;
  try {
    model = loadedKey === key ? currentModel() : undefined;
    if (!model) {
      model = await ensureModel();
      loadedKey = key;
    }
  } catch (error) {
    frame.close();
    return set({ error: `The model could not be loaded: ${(error as Error).message}` });
  }
  const mode = currentMode(model);
  const out = await inference.frame(frame, get().mirror, model.inputSize, mode).catch((error: Error) => {
    set({ error: `Inference failed on a live frame: ${error.message}` });
    return undefined;
  });
  if (!out) return;
  // A frame segmented before a switch of model, backend or quality is never shown.
  if (selectionKey() !== key || get().status === "off") return out.bitmap.close();
  noteSession(out.info);
  const previous = useSegmentStore.getState();
  previous.result?.bitmap.close();
  useSegmentStore.setState((s) => ({
    runs: s.runs + 1,
    file: undefined,
    truth: undefined,
    error: undefined,
    result: {
      ...out,
      name: get().videoName ?? "camera-frame",
      modelId: model.id,
      counts: classHistogram(out.labels),
    },
    view: s.view === "errors" ? "overlay" : s.view,
  }));
  // Not awaited: the next frame goes to the worker now, while this one is drawn.
  requestAnimationFrame(() => {
    const now = performance.now();
    rate.tick(now);
    latency.add(now - captured);
    if (drawn.length < 100_000) drawn.push({ at: now, latency: now - captured });
    set({ fps: rate.perSecond(), latencyMs: latency.median(), dropped: loop?.dropped ?? 0 });
  });
}

/** Offers every new video frame to the loop; a frame arriving while the model runs waits, replacing any older one. */
function watchFrames(element: HTMLVideoElement, current: LatestFrame<Captured>) {
  const onFrame = () => {
    if (loop !== current || get().status !== "live") return;
    const captured = performance.now();
    if (element.videoWidth && element.videoHeight) {
      createImageBitmap(element).then(
        (frame) => current.offer({ frame, captured }),
        () => {},
      );
    }
    element.requestVideoFrameCallback(onFrame);
  };
  element.requestVideoFrameCallback(onFrame);
}

/** Reads the camera track's frames as VideoFrames; each is offered to the loop or closed at once. */
async function readTrack(track: MediaStreamTrack, current: LatestFrame<Captured>) {
  // A clone of its own per run, so that ending this reader never touches the camera's own track.
  const own = track.clone();
  const reader = new TrackProcessor!({ track: own }).readable.getReader();
  for (;;) {
    const { value: frame, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
    if (done || !frame) return own.stop();
    if (loop !== current || get().status !== "live") {
      frame.close();
      await reader.cancel().catch(() => {});
      return own.stop();
    }
    current.offer({ frame, captured: performance.now() });
  }
}

function startLoop(element: HTMLVideoElement) {
  loop?.stop();
  rate = new RollingRate();
  latency = new RollingMedian();
  drawn = [];
  loop = new LatestFrame(processFrame, ({ frame }) => frame.close());
  set({ status: "live", fps: 0, latencyMs: undefined, dropped: 0 });
  const track = get().source === "camera" ? stream?.getVideoTracks()[0] : undefined;
  if (track && TrackProcessor) void readTrack(track, loop);
  else watchFrames(element, loop);
}

function releaseStream() {
  for (const track of stream?.getTracks() ?? []) {
    track.onended = null;
    track.stop();
  }
  stream = undefined;
}

async function listCameras() {
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  const cameras = devices
    .filter((d) => d.kind === "videoinput")
    .map((d, i) => ({ id: d.deviceId, label: d.label || `Camera ${i + 1}` }));
  set({ cameras });
}

/** Asks for a camera (the chosen one, else the default) and segments it continuously. */
export async function startCamera(cameraId = get().cameraId): Promise<void> {
  if (!video) return;
  if (!navigator.mediaDevices?.getUserMedia) return set({ error: CAMERA_UNAVAILABLE });
  stopLive();
  set({ status: "starting", error: undefined, source: "camera", videoName: undefined });
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: cameraId ? { deviceId: { exact: cameraId } } : { facingMode: "user" },
      audio: false,
    });
  } catch (error) {
    return set({ status: "off", source: undefined, error: cameraProblem(error) });
  }
  const [track] = stream.getVideoTracks();
  const settings = track?.getSettings() ?? {};
  // Mirror a front camera (or one that does not say), as a mirror would; a back camera is shown as it sees.
  set({ cameraId: settings.deviceId ?? cameraId, mirror: settings.facingMode !== "environment" });
  if (track) track.onended = () => endCamera();
  video.removeAttribute("src");
  video.srcObject = stream;
  video.muted = true;
  try {
    await video.play();
  } catch (error) {
    releaseStream();
    return set({
      status: "off",
      source: undefined,
      error: `The camera could not be played: ${(error as Error).message}`,
    });
  }
  await listCameras();
  startLoop(video);
}

function endCamera() {
  stopLive();
  set({ error: CAMERA_ENDED });
}

/** Plays a video file with its mask; seeking segments the frame sought to. */
export function startVideo(file: File) {
  if (!video) return;
  stopLive();
  set({ status: "starting", error: undefined, source: "video", videoName: file.name });
  const element = video;
  const url = URL.createObjectURL(file);
  element.srcObject = null;
  element.muted = true;
  element.onerror = () => {
    const code = element.error?.code;
    URL.revokeObjectURL(url);
    if (get().videoName !== file.name || get().source !== "video") return;
    stopLive();
    set({ error: videoProblem(file.name, code) });
  };
  element.onloadeddata = () => {
    if (get().status !== "starting") return;
    startLoop(element);
    void element.play().catch(() => {});
  };
  element.src = url;
}

/** Freezes the current frame and its mask: downloads and ground-truth scoring then work on it. */
export function pauseLive() {
  if (get().status !== "live") return;
  set({ status: "paused" });
  if (get().source === "video") video?.pause();
  loop?.stop();
  loop = undefined;
}

export function resumeLive() {
  if (get().status !== "paused" || !video) return;
  if (get().source === "video") void video.play().catch(() => {});
  startLoop(video);
}

/** Stops the camera or the video; the last mask stays on screen as a still. */
export function stopLive() {
  loop?.stop();
  loop = undefined;
  releaseStream();
  if (video) {
    video.onerror = null;
    video.onloadeddata = null;
    video.pause();
    video.srcObject = null;
    if (video.src) {
      URL.revokeObjectURL(video.src);
      video.removeAttribute("src");
      video.load();
    }
  }
  set({ status: "off", source: undefined, fps: 0 });
}

export const setMirror = (mirror: boolean) => set({ mirror });
export const dismissLiveError = () => set({ error: undefined });

/** Switches to another camera, keeping the stream live. */
export function selectCamera(cameraId: string) {
  set({ cameraId });
  if (get().source === "camera" && get().status !== "off") void startCamera(cameraId);
}
