import type { ConvertPhase } from "@/lib/convert";
import type { OnnxForm } from "@/lib/own-model/onnx-model";
import type { PreparedModel } from "@/lib/own-model/prepare";

/** To the convert worker: a model file and, optionally, its labels file. */
export interface ConvertRequest {
  name: string;
  bytes: ArrayBuffer;
  labels?: { name: string; text: string };
  /** For an .onnx file: its input size and normalisation, from the form. */
  onnx?: OnnxForm;
}

export type ConvertResponse =
  | { type: "phase"; phase: ConvertPhase }
  | { type: "done"; model: PreparedModel }
  | { type: "error"; message: string; refused: boolean };
