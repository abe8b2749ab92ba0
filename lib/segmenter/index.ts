// The Segmenter's public entry: what an embedding page imports (built to /vendor/segmenter/segmenter.js).
export { browserHost, createSegmenter, modelSource, type CreateOptions } from "@/lib/segmenter/browser";
export {
  labelsOf,
  LoadError,
  Segmenter,
  type Evaluated,
  type EvaluateOptions,
  type LiveHandle,
  type LiveHandlers,
  type LiveResult,
  type LoadStatus,
  type SegmenterEvents,
  type SegmenterOptions,
  type SegmentResult,
} from "@/lib/segmenter/segmenter";
export type { Frame, Host, Lane, ModelSource } from "@/lib/segmenter/host";
export { colorize, maskColors } from "@/lib/render/mask";
