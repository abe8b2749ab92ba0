import type { Backend, Bundle, Logits, SessionInfo } from "@/lib/contract";
import type { Mode } from "@/lib/pipeline/modes";
import type { ModelInput, Timings } from "@/lib/pipeline/segment";
import type { ClassMap } from "@/lib/metrics/class-map";

/** Messages from the page to the inference worker. */
export type Request =
  | {
      type: "load";
      id: number;
      url: string;
      bytes: number;
      sha256: string;
      backend: Backend;
      threads: number;
      bundle: Bundle;
    }
  | { type: "segment"; id: number; file: Blob; name: string; maxSide: number; inputSize: number; mode: Mode }
  /** Inputs prepared by the stage worker, transferred; answered "inferred" with their logits. */
  | { type: "infer"; id: number; inputs: ModelInput[] };

export interface Segmented {
  labels: Uint8Array;
  width: number;
  height: number;
  /** The decoded (possibly scaled) image the labels align with. */
  bitmap: ImageBitmap;
  originalWidth: number;
  originalHeight: number;
  scaled: boolean;
  timings: Timings;
  info: SessionInfo;
}

export interface Inferred {
  logits: Logits[];
  ms: number;
  info: SessionInfo;
}

export type ErrorKind = "input" | "model" | "runtime";

type Failed = { type: "error"; id: number; kind: ErrorKind; message: string };

/** Messages from the inference worker; every one answers the request with the same id. */
export type Response =
  | { type: "progress"; id: number; loaded: number; total: number }
  | { type: "loaded"; id: number; info: SessionInfo; cached: boolean; ms: number }
  | ({ type: "segmented"; id: number } & Segmented)
  | ({ type: "inferred"; id: number } & Inferred)
  | Failed;

/**
 * Messages to the stage worker, which prepares (decode, preprocess) and finishes (postprocess, score) off the
 * inference worker, so that both run at once. A prepared item waits there, under the prepare request's id,
 * until "finish" or "drop" names it.
 */
export type StageRequest =
  | {
      type: "pair";
      id: number;
      pairId: string;
      image: Blob;
      mask: Blob;
      inputSize: number;
      mode: Mode;
      classMap?: ClassMap;
    }
  | { type: "frame"; id: number; frame: ImageBitmap | VideoFrame; mirror: boolean; inputSize: number; mode: Mode }
  | { type: "finish"; id: number; of: number; logits: Logits[]; ms: number }
  | { type: "drop"; id: number; of: number };

/** A finished pair: its 21×21 confusion counts (row = ground truth). */
export interface PairDone {
  width: number;
  height: number;
  counts: Float64Array;
  timings: Timings;
}

/** A finished frame: the class map and the frame as shown (mirrored when asked). */
export interface FrameDone {
  labels: Uint8Array;
  width: number;
  height: number;
  bitmap: ImageBitmap;
  timings: Timings;
}

export type StageResponse =
  | { type: "prepared"; id: number; inputs: ModelInput[] }
  | ({ type: "pair-done"; id: number } & PairDone)
  | ({ type: "frame-done"; id: number } & FrameDone)
  | { type: "dropped"; id: number }
  | Failed;
