import type { ConvertPhase } from "@/lib/convert";
import type { PreparedModel } from "@/lib/custom/prepare";

/** To the convert worker: a model file and, optionally, its labels file. */
export interface ConvertRequest {
  name: string;
  bytes: ArrayBuffer;
  labels?: { name: string; text: string };
}

export type ConvertResponse =
  | { type: "phase"; phase: ConvertPhase }
  | { type: "done"; model: PreparedModel }
  | { type: "error"; message: string; refused: boolean };
