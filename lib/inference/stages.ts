// The page's handle on the stage worker, which prepares and finishes images while the inference worker infers.
import type { Logits } from "@/lib/contract";
import type { ClassMap } from "@/lib/metrics/class-map";
import type { FrameDone, Inferred, PairDone, StageRequest, StageResponse } from "@/lib/inference/protocol";
import { owned, WorkerRpc, type Distribute } from "@/lib/inference/rpc";
import type { Mode } from "@/lib/pipeline/modes";

import type { Ticket } from "@/lib/segmenter/host";

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
