// A Segmenter in Node over onnxruntime-node, and what its tests feed it.
import { join } from "node:path";
import type { RawImage } from "@/lib/contract";
import type { ModelInfo } from "@/lib/models/manifest";
import { decodeImage } from "@/lib/node/decode";
import { openNodeSession, type NodeSession } from "@/lib/node/ort";
import { REFERENCE_MODE } from "@/lib/pipeline/modes";
import { inferHost, type InferHostOptions } from "@/lib/segmenter/infer-host";
import { Segmenter } from "@/lib/segmenter/segmenter";
import { MODELS_OUT } from "@/scripts/build-models";

/** A live frame in Node: pixels, and whether the segmenter's host closed it. */
export type FakeFrame = { raw: RawImage; closed: boolean; close(): void };
export const frameOf = (raw: RawImage): FakeFrame => ({
  raw,
  closed: false,
  close() {
    this.closed = true;
  },
});

export const sessions: NodeSession[] = [];
const decode: InferHostOptions["decode"] = async (file, name) =>
  decodeImage(new Uint8Array(await file.arrayBuffer()), name);
const framePixels = (frame: unknown) => (frame as FakeFrame).raw;

export function nodeHost(open?: InferHostOptions["open"]) {
  return inferHost({
    open:
      open ??
      (async (source, threads) => {
        const session = await openNodeSession(source.url, threads);
        sessions.push(session);
        return session.infer;
      }),
    decode,
    framePixels: framePixels as InferHostOptions["framePixels"],
  });
}

export function nodeSegmenter(model: ModelInfo, open?: InferHostOptions["open"], host = nodeHost(open)) {
  const locate = (m: ModelInfo) => ({ url: join(MODELS_OUT, m.file), bytes: m.bytes, sha256: m.sha256 });
  return new Segmenter(host, locate, { model, backend: "wasm", threads: 1, mode: REFERENCE_MODE });
}

export function fakeModel(classes: number): ModelInfo {
  return {
    id: `fake-${classes}`,
    name: `A ${classes}-class test model`,
    file: "unused.onnx",
    bytes: 0,
    sha256: "",
    inputSize: 33,
    classes,
    labels: Array.from({ length: classes }, (_, c) => `class ${c}`),
  } as ModelInfo;
}
