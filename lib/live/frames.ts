// Where live frames come from: a camera track (as VideoFrames) or a playing <video> (as ImageBitmaps).
export interface Camera {
  id: string;
  label: string;
}

/** A frame and when it was captured (performance.now()), for the capture-to-mask latency. */
export type Captured = { frame: ImageBitmap | VideoFrame; captured: number };

/** Chromium's MediaStreamTrackProcessor: a camera track as a stream of VideoFrames, without a <video> in between. */
type TrackProcessor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };
const TrackProcessor = (globalThis as unknown as { MediaStreamTrackProcessor?: TrackProcessor })
  .MediaStreamTrackProcessor;

export const canReadTracks = () => !!TrackProcessor;

/** Offers each of a camera track's frames until `wanted` turns false or the track ends. */
export async function readTrack(track: MediaStreamTrack, offer: (c: Captured) => void, wanted: () => boolean) {
  // A clone of its own, so that ending this reader never touches the camera's own track.
  const own = track.clone();
  const reader = new TrackProcessor!({ track: own }).readable.getReader();
  for (;;) {
    const { value: frame, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
    if (done || !frame) return own.stop();
    if (!wanted()) {
      frame.close();
      await reader.cancel().catch(() => {});
      return own.stop();
    }
    offer({ frame, captured: performance.now() });
  }
}

/** Offers each frame a <video> presents, as an ImageBitmap, until `wanted` turns false. */
export function watchVideo(element: HTMLVideoElement, offer: (c: Captured) => void, wanted: () => boolean) {
  const onFrame = () => {
    if (!wanted()) return;
    const captured = performance.now();
    if (element.videoWidth && element.videoHeight) {
      createImageBitmap(element).then(
        (frame) => offer({ frame, captured }),
        () => {},
      );
    }
    element.requestVideoFrameCallback(onFrame);
  };
  element.requestVideoFrameCallback(onFrame);
}

/** Asks for a camera (the given one, else a front one); its stream, id, and whether to mirror it. */
export async function openCamera(cameraId?: string) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: cameraId ? { deviceId: { exact: cameraId } } : { facingMode: "user" },
    audio: false,
  });
  const [track] = stream.getVideoTracks();
  const settings = track?.getSettings() ?? {};
  // Mirror a front camera (or one that does not say), as a mirror would; a back camera is shown as it sees.
  return { stream, track, cameraId: settings.deviceId ?? cameraId, mirror: settings.facingMode !== "environment" };
}

export async function listCameras(): Promise<Camera[]> {
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  return devices
    .filter((d) => d.kind === "videoinput")
    .map((d, i) => ({ id: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}
