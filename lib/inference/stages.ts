// The page's handle on the stage worker, which prepares and finishes images while the inference worker infers.
import type { Logits } from "@/lib/contract";
import type { ClassMap } from "@/lib/metrics/class-map";
import { inference, type InferenceClient } from "@/lib/inference/client";
import type { FrameDone, Inferred, PairDone, StageRequest, StageResponse } from "@/lib/inference/protocol";
import { owned, WorkerRpc, type Distribute } from "@/lib/inference/rpc";
import type { Stages } from "@/lib/pipeline/overlap";
import type { Mode } from "@/lib/pipeline/modes";
import type { ModelInput } from "@/lib/pipeline/segment";

/** An item prepared in the stage worker: its inputs, until they are sent to inference, and its id there. */
export interface Ticket {
  of: number;
  inputs: ModelInput[];
}

type Prepared = Extract<StageResponse, { type: "prepared" }>;

class StageClient {
  private rpc = new WorkerRpc<StageRequest, StageResponse>("stage");

  private send<T extends StageResponse>(request: Distribute<StageRequest>, transfer: Transferable[] = []) {
    if (!this.rpc.attached)
      this.rpc.attach(new Worker(new URL("./stage-worker.ts", import.meta.url), { type: "module", name: "stages" }));
    return this.rpc.send<T>(request, transfer);
  }

  async pair(pairId: string, image: Blob, mask: Blob, inputSize: number, mode: Mode, classMap?: ClassMap) {
    const msg = await this.send<Prepared>({ type: "pair", pairId, image, mask, inputSize, mode, classMap });
    return { of: msg.id, inputs: msg.inputs };
  }

  /** Prepares a live frame; the frame is transferred (closed here, also when it could not be sent). */
  async frame(frame: ImageBitmap | VideoFrame, mirror: boolean, inputSize: number, mode: Mode): Promise<Ticket> {
    const msg = await this.send<Prepared>({ type: "frame", frame, mirror, inputSize, mode }, [frame]).catch(
      (error: unknown) => {
        frame.close();
        throw error;
      },
    );
    return { of: msg.id, inputs: msg.inputs };
  }

  finish<T extends PairDone | FrameDone>(ticket: Ticket, { logits, ms }: Pick<Inferred, "logits" | "ms">): Promise<T> {
    const sent: Logits[] = logits.map((l) => ({ ...l, data: owned(l.data) }));
    return this.send<Extract<StageResponse, { type: "pair-done" | "frame-done" }>>(
      { type: "finish", of: ticket.of, logits: sent, ms },
      sent.map((l) => l.data.buffer),
    ) as unknown as Promise<T>;
  }

  drop(ticket: Ticket) {
    this.send({ type: "drop", of: ticket.of }).catch(() => {});
  }
}

export const stages = new StageClient();

/**
 * The three stages of one run on the page: prepare and finish in the stage worker, infer in the inference worker
 * (or, with several lanes, in the lane's own). `onInferred` sees each inference's session info (to notice a WebGPU
 * fallback).
 */
export function workerStages<T, R extends PairDone | FrameDone>(
  prepare: (item: T) => Promise<Ticket>,
  onInferred?: (inferred: Inferred) => void,
  lanes: readonly InferenceClient[] = [inference],
): Stages<T, Ticket, Inferred, R> {
  return {
    prepare,
    infer: async (ticket, lane) => {
      const inferred = await lanes[lane].infer(ticket.inputs);
      onInferred?.(inferred);
      return inferred;
    },
    finish: (ticket, inferred) => stages.finish<R>(ticket, inferred),
    drop: (ticket) => stages.drop(ticket),
  };
}
