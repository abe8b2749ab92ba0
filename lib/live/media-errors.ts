/** The user's message for a getUserMedia failure. */
export function cameraProblem(error: unknown): string {
  const name = (error as { name?: string })?.name;
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "Camera permission was denied. Allow the camera for this site in the browser's settings, or upload an image instead.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No camera was found. Connect a camera, or upload an image or a video instead.";
    case "NotReadableError":
    case "AbortError":
      return "The camera could not be started: it may be in use by another application.";
    default:
      return `The camera could not be started: ${(error as Error)?.message || String(error)}`;
  }
}

export const CAMERA_UNAVAILABLE =
  "This browser gives the page no camera access (it needs a secure context, https or localhost).";

export const CAMERA_ENDED = "The camera stopped sending frames (unplugged, or taken by another application).";

/** The user's message for a <video> that failed to load (MediaError codes). */
export function videoProblem(name: string, code: number | undefined): string {
  if (code === 4 || code === 3)
    return `"${name}" cannot be played: this browser cannot decode its video format or codec. Try an mp4 (H.264) or webm (VP8/VP9) file.`;
  if (code === 2) return `"${name}" could not be read.`;
  return `"${name}" could not be played.`;
}
