// What the Segmenter runs on: inference lanes (each one session) and a stage host that prepares and finishes
// images beside them. In the browser these are workers (browser.ts); in Node, an Infer (infer-host.ts).
import type { Backend, Bundle, SessionInfo } from "@/lib/contract";
import type { ClassMap } from "@/lib/metrics/class-map";
import type { FrameDone, Inferred, PairDone, Segmented } from "@/lib/inference/protocol";
import type { Mode } from "@/lib/pipeline/modes";
import type { ModelInput } from "@/lib/pipeline/segment";

/** A model file: where it is, and the size and sha256 it must have. */
export interface ModelSource {
  url: string;
  bytes: number;
  sha256: string;
}

export interface Loaded {
  info: SessionInfo;
  cached: boolean;
  ms: number;
}

/** One inference session's host. */
export interface Lane {
  load(
    file: ModelSource,
    backend: Backend,
    threads: number,
    onProgress?: (loaded: number, total: number) => void,
    bundle?: Bundle,
  ): Promise<Loaded>;
  /** Decodes and segments a whole image, at most maxSide on its long side. */
  segment(file: Blob, name: string, inputSize: number, maxSide: number, mode?: Mode): Promise<Segmented>;
  infer(inputs: ModelInput[]): Promise<Inferred>;
  /** Ends the lane and fails whatever it was doing. */
  terminate(reason?: string): void;
}

/** An item prepared by the stage host: its inputs, until they go to inference, and its id there. */
export interface Ticket {
  of: number;
  inputs: ModelInput[];
}

/** A live frame: an ImageBitmap or VideoFrame in the browser, which the stage host closes. */
export type Frame = ImageBitmap | VideoFrame;

export interface StageHost {
  frame(frame: Frame, mirror: boolean, inputSize: number, mode: Mode): Promise<Ticket>;
  pair(pairId: string, image: Blob, mask: Blob, inputSize: number, mode: Mode, classMap?: ClassMap): Promise<Ticket>;
  finish<T extends PairDone | FrameDone>(ticket: Ticket, inferred: Pick<Inferred, "logits" | "ms">): Promise<T>;
  drop(ticket: Ticket): void;
}

export interface Host {
  /** The lane that single images and live frames run on. */
  shared: Lane;
  /** A new lane of its own, for runs on several lanes. */
  lane(): Lane;
  stages: StageHost;
}
