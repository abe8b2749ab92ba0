// A user's own .tflite → a checked ONNX model in the app's contract, with its class names and normalisation.
// No Node APIs: the page runs it in a worker (convert-worker.ts), the CLI in Node.
import { ConvertError, TfliteFormatError, convertGraph, type ConvertPhase } from "@/lib/convert";
import { readTfliteMetadata } from "@/lib/convert/tflite/metadata";
import { readTflite } from "@/lib/convert/tflite/reader";
import { ZipError, readZipEntry } from "@/lib/own-model/zip";
import { VOC_CLASSES } from "@/lib/voc/classes";

/** A model file the app cannot use; the message names the file and the problem. */
export class OwnModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OwnModelError";
  }
}

/** The largest model file taken: 4× the largest built-in source. */
export const MAX_MODEL_BYTES = 256 << 20;

/** Labels are pixel values 0–254 (255 is void), so at most 255 classes. */
export const MAX_CLASSES = 255;

export interface Normalization {
  mean: number[];
  std: number[];
  /** Where it came from: the TFLite metadata, the input's quantisation, the user, or the DeepLab default. */
  source: "metadata" | "quantization" | "form" | "default";
}

export interface PreparedModel {
  /** The user's file name. */
  fileName: string;
  onnx: Uint8Array;
  /** Hex sha256 of `onnx`. */
  sha256: string;
  inputSize: number;
  outputSize: number;
  flexible: boolean;
  labels: string[];
  labelSource: "metadata" | "file" | "voc";
  normalization: Normalization;
  sourceOps: Record<string, number>;
}

export interface PrepareOptions {
  /** A labels file the user gave: one class name per line. */
  labels?: { name: string; text: string };
  onPhase?: (phase: ConvertPhase) => void;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** One name per line; blank lines at the end are ignored. */
export function parseLabels(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines.map((l) => l.trim());
}

const isTflite = (b: Uint8Array) => b.length >= 8 && String.fromCharCode(...b.subarray(4, 8)) === "TFL3";

/** Names the first bytes of a file that is not a model. */
function notAModel(name: string, bytes: Uint8Array): OwnModelError {
  const head = Array.from(bytes.subarray(0, 8), (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : "."));
  return new OwnModelError(
    `"${name}" is not a TFLite model: a .tflite file has "TFL3" at byte offset 4, this one starts with "${head.join("")}" (${bytes.length} bytes).`,
  );
}

/** The labels file's names, else VOC's for a 21-class model; a count that does not match is refused. */
export function labelsFor(
  classes: number,
  file: { name: string; text: string } | undefined,
  fail: (message: string) => Error,
): { labels: string[]; labelSource: "file" | "voc" } {
  if (file) {
    const labels = parseLabels(file.text);
    if (labels.length !== classes)
      throw fail(`"${file.name}" has ${labels.length} labels but the model outputs ${classes} classes`);
    return { labels, labelSource: "file" };
  }
  if (classes !== VOC_CLASSES.length)
    throw fail(
      `the model outputs ${classes} classes and carries no labels: add a labels .txt with ${classes} names, one per line`,
    );
  return { labels: [...VOC_CLASSES], labelSource: "voc" };
}

/** Checks and converts a .tflite file; every refusal is an OwnModelError naming the file. */
export async function prepareTflite(
  bytes: Uint8Array,
  fileName: string,
  options: PrepareOptions = {},
): Promise<PreparedModel> {
  if (!isTflite(bytes)) throw notAModel(fileName, bytes);
  const fail = (message: string) => new OwnModelError(`"${fileName}": ${message}`);
  options.onPhase?.("read");
  let graph, metadata;
  try {
    graph = readTflite(bytes);
    metadata = readTfliteMetadata(bytes);
  } catch (error) {
    if (error instanceof TfliteFormatError) throw fail(error.message);
    throw error;
  }
  if (graph.inputs.length !== 1)
    throw fail(`the model has ${graph.inputs.length} inputs; a segmentation model takes one image`);
  if (graph.outputs.length !== 1)
    throw fail(`the model has ${graph.outputs.length} outputs; a segmentation model gives one map of class scores`);
  const input = graph.tensors[graph.inputs[0]];
  const [batch, height, width, channels] = input.shape;
  if (input.shape.length !== 4 || channels !== 3)
    throw fail(`its input "${input.name}" is [${input.shape}], not an RGB image [1, height, width, 3]`);
  if (batch !== 1) throw fail(`its input "${input.name}" has batch ${batch}, which cannot be pinned to 1`);
  if (!(height > 0) || height !== width)
    throw fail(`its input size cannot be read: "${input.name}" is ${height}×${width}; a square size is needed`);

  let labels: string[] | undefined;
  let labelSource: PreparedModel["labelSource"] = "voc";
  if (metadata?.labelsFile) {
    let file;
    try {
      file = await readZipEntry(bytes, metadata.labelsFile);
    } catch (error) {
      if (error instanceof ZipError) throw fail(error.message);
      throw error;
    }
    if (!file) throw fail(`its metadata names the labels file "${metadata.labelsFile}", which is not packed in it`);
    labels = parseLabels(new TextDecoder().decode(file));
    labelSource = "metadata";
  } else if (options.labels) {
    labels = parseLabels(options.labels.text);
    labelSource = "file";
  }

  const quantized = input.type !== "float32" && input.quant;
  const normalization: Normalization = quantized
    ? { mean: [input.quant!.zeroPoint[0] ?? 0], std: [1 / input.quant!.scale[0]], source: "quantization" }
    : metadata?.normalization && metadata.normalization.mean.length && metadata.normalization.std.length
      ? { ...metadata.normalization, source: "metadata" }
      : { mean: [127.5], std: [127.5], source: "default" };

  let result;
  try {
    result = convertGraph(graph, {
      flexible: true,
      mean: normalization.mean,
      std: normalization.std,
      onPhase: (p) => p !== "read" && options.onPhase?.(p),
    });
  } catch (error) {
    if (error instanceof ConvertError || error instanceof TfliteFormatError) throw fail(error.message);
    throw error;
  }
  const { classes } = result;
  if (!(classes >= 2 && classes <= MAX_CLASSES) || !(result.outputSize > 1))
    throw fail(
      `its output is not per-pixel class scores: ${result.outputSize}×${result.outputSize}×${classes} (2–${MAX_CLASSES} classes needed)`,
    );
  if (labels && labels.length !== classes) {
    const from = labelSource === "metadata" ? `its metadata's "${metadata!.labelsFile}"` : `"${options.labels!.name}"`;
    throw fail(`${from} has ${labels.length} labels but the model outputs ${classes} classes`);
  }
  if (!labels) ({ labels, labelSource } = labelsFor(classes, undefined, fail));
  return {
    fileName,
    onnx: result.onnx,
    sha256: await sha256Hex(result.onnx),
    inputSize: result.inputSize,
    outputSize: result.outputSize,
    flexible: result.flexible,
    labels,
    labelSource,
    normalization,
    sourceOps: result.sourceOps,
  };
}
