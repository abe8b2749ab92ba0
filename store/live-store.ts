"use client";
import { create } from "zustand";
import { canReadTracks, listCameras, openCamera, readTrack, watchVideo, type Camera } from "@/lib/live/frames";
import type { LiveStats } from "@/lib/live/loop";
import { CAMERA_ENDED, CAMERA_UNAVAILABLE, cameraProblem, videoProblem } from "@/lib/live/media-errors";
import { LoadError, type LiveHandle, type LiveResult } from "@/lib/segmenter/segmenter";
import { initModels, segmenter } from "@/store/model-store";
import { useSegmentStore } from "@/store/segment-store";

export type LiveStatus = "off" | "starting" | "live" | "paused";
export type { Camera };

interface LiveState extends Partial<LiveStats> {
  status: LiveStatus;
  source?: "camera" | "video";
  /** The video file's name, when the source is a file. */
  videoName?: string;
  cameras: Camera[];
  cameraId?: string;
  mirror: boolean;
  fps: number;
  error?: string;
}

export const useLiveStore = create<LiveState>(() => ({ status: "off", cameras: [], mirror: true, fps: 0, dropped: 0 }));

const set = useLiveStore.setState;
const get = useLiveStore.getState;

let video: HTMLVideoElement | undefined;
let stream: MediaStream | undefined;
let live: LiveHandle | undefined;

/** Whether live runs keep a record of every mask drawn (one a mask, so only for `npm run bench`). */
let recording = false;
export const recordLiveSamples = () => void (recording = true);
export const liveSamples = () => live?.drawn?.slice() ?? [];

/** The page's <video> element, which plays the camera or the file. */
export function attachVideo(element: HTMLVideoElement | null) {
  video = element ?? undefined;
}

function show(out: LiveResult): boolean {
  if (get().status === "off") return false;
  useSegmentStore.getState().result?.close();
  useSegmentStore.setState((s) => ({
    runs: s.runs + 1,
    file: undefined,
    truth: undefined,
    error: undefined,
    result: {
      ...out,
      originalWidth: out.width,
      originalHeight: out.height,
      scaled: false,
      name: get().videoName ?? "camera-frame",
      modelId: out.model.id,
    },
    view: s.view === "errors" ? "overlay" : s.view,
  }));
  return true;
}

function startLoop(element: HTMLVideoElement) {
  live?.stop();
  const current = segmenter.live(
    {
      show,
      stats: (stats) => set(stats),
      error: (error) => {
        const message = (error as Error).message ?? String(error);
        set({ error: error instanceof LoadError ? message : `Inference failed on a live frame: ${message}` });
      },
      // A camera is shown as a mirror would; a video as it was recorded.
      mirror: () => get().source === "camera" && get().mirror,
    },
    recording,
  );
  live = current;
  set({ status: "live", fps: 0, latencyMs: undefined, latencyP90Ms: undefined, dropped: 0 });
  const wanted = () => live === current && get().status === "live";
  const track = get().source === "camera" ? stream?.getVideoTracks()[0] : undefined;
  if (track && canReadTracks()) void readTrack(track, current.offer, wanted);
  else watchVideo(element, current.offer, wanted);
}

function releaseStream() {
  for (const track of stream?.getTracks() ?? []) {
    track.onended = null;
    track.stop();
  }
  stream = undefined;
}

/** Asks for a camera (the chosen one, else the default) and segments it continuously. */
export async function startCamera(cameraId = get().cameraId): Promise<void> {
  if (!video) return;
  if (!navigator.mediaDevices?.getUserMedia) return set({ error: CAMERA_UNAVAILABLE });
  stopLive();
  await initModels();
  set({ status: "starting", error: undefined, source: "camera", videoName: undefined });
  let opened;
  try {
    opened = await openCamera(cameraId);
  } catch (error) {
    return set({ status: "off", source: undefined, error: cameraProblem(error) });
  }
  stream = opened.stream;
  set({ cameraId: opened.cameraId, mirror: opened.mirror });
  if (opened.track) opened.track.onended = () => endCamera();
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
  set({ cameras: await listCameras() });
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
  live?.stop();
}

export function resumeLive() {
  if (get().status !== "paused" || !video) return;
  if (get().source === "video") void video.play().catch(() => {});
  startLoop(video);
}

/** Stops the camera or the video; the last mask stays on screen as a still. */
export function stopLive() {
  live?.stop();
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
