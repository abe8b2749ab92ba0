import type { Backend, Bundle, SessionInfo } from "@/lib/contract";
import type { Mode } from "@/lib/pipeline/modes";
import type { Timings } from "@/lib/pipeline/segment";
import type { ClassMap } from "@/lib/eval/score-pair";

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
  | { type: "score"; id: number; pairId: string; image: Blob; mask: Blob; inputSize: number; classMap?: ClassMap }
  /** One live frame (camera or video), transferred; answered "segmented" with the (optionally mirrored) frame. */
  | { type: "frame"; id: number; frame: ImageBitmap | VideoFrame; mirror: boolean; inputSize: number; mode: Mode };

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

export interface Scored {
  pairId: string;
  width: number;
  height: number;
  /** This pair's 21×21 confusion counts (row = ground truth). */
  counts: Float64Array;
  timings: Timings;
  info: SessionInfo;
}

export type ErrorKind = "input" | "model" | "runtime";

/** Messages from the worker; every one answers the request with the same id. */
export type Response =
  | { type: "progress"; id: number; loaded: number; total: number }
  | { type: "loaded"; id: number; info: SessionInfo; cached: boolean; ms: number }
  | ({ type: "segmented"; id: number } & Segmented)
  | ({ type: "scored"; id: number } & Scored)
  | { type: "error"; id: number; kind: ErrorKind; message: string };
