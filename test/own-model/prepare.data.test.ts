// A user's own .tflite: labels from metadata or a file, normalisation, and refusals that name the problem.
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { describe, expect, test } from "vitest";
import { OwnModelError, prepareTflite } from "@/lib/own-model/prepare";
import { parseManifest } from "@/lib/models/manifest";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { TWO_CLASS_LABELS, twoClassModel, unsupportedOpModel } from "@/test/helpers/own-models";
import { ROOT, SHARED_MODELS, missingShared } from "@/test/helpers/paths";
import { OP, buildTflite, convOptions, f32 } from "@/test/helpers/tflite-builder";

async function refusal(bytes: Uint8Array, name: string, labels?: { name: string; text: string }): Promise<Error> {
  try {
    await prepareTflite(bytes, name, { labels });
  } catch (e) {
    expect(e).toBeInstanceOf(OwnModelError);
    expect((e as Error).message).toContain(`"${name}"`);
    return e as Error;
  }
  throw new Error("prepareTflite accepted the file");
}

describe.skipIf(missingShared("models"))("shared models", () => {
  const read = (f: string) => new Uint8Array(readFileSync(`${SHARED_MODELS}/${f}`));

  test("the dr model converts to the very file npm run models builds for mnv2-dm05-513-dr", async () => {
    const phases: string[] = [];
    const m = await prepareTflite(read("lite-model_mobilenetv2-dm05-coco_dr_1.tflite"), "dr.tflite", {
      onPhase: (p) => phases.push(p),
    });
    expect(phases).toEqual(["read", "rewrite", "convert", "write"]);
    const manifest = parseManifest(JSON.parse(readFileSync(`${ROOT}public/models/manifest.json`, "utf8")));
    const builtin = manifest.models.find((x) => x.id === "mnv2-dm05-513-dr")!;
    expect(m.sha256).toBe(builtin.sha256);
    expect([m.inputSize, m.outputSize, m.flexible]).toEqual([513, 65, true]);
    expect(m.normalization).toEqual({ mean: [127.5], std: [127.5], source: "metadata" });
    expect(m.labelSource).toBe("metadata");
  });

  test("labels come from the metadata's packed labelmap.txt", async () => {
    const m = await prepareTflite(read("deeplabv3_257_mv_gpu_metadata.tflite"), "meta.tflite");
    expect(m.labelSource).toBe("metadata");
    expect(m.labels).toHaveLength(21);
    expect(m.labels.slice(11, 16)).toEqual(["dining table", "dog", "horse", "motorbike", "person"]);
    expect(m.labels[20]).toBe("tv");
  });

  test("a quantized input takes its normalisation from its quantisation; no metadata means VOC names", async () => {
    const m = await prepareTflite(read("deeplabv3_mnv2_dm05_pascal_quant.tflite"), "coral.tflite");
    expect(m.normalization.source).toBe("quantization");
    expect(m.labelSource).toBe("voc");
    expect(m.labels).toEqual([...VOC_CLASSES]);
  });

  test("a truncated model is refused naming the offset", async () => {
    const bytes = read("lite-model_mobilenetv2-dm05-coco_dr_1.tflite");
    const e = await refusal(bytes.slice(0, 100_000), "cut.tflite");
    expect(e.message).toMatch(/offset \d+/);
  });
});

describe("built models", () => {
  test("a 2-class model with a labels file runs and classes by colour", async () => {
    const m = await prepareTflite(twoClassModel(), "two.tflite", { labels: { name: "l.txt", text: TWO_CLASS_LABELS } });
    expect(m.labels).toEqual(["cool", "warm"]);
    expect(m.labelSource).toBe("file");
    expect(m.normalization.source).toBe("default");
    const session = await ort.InferenceSession.create(m.onnx);
    const s = 33;
    const input = new Float32Array(3 * s * s);
    input.fill(255, 0, s * s); // all red …
    input.fill(255, 2 * s * s, 2 * s * s + 10); // … but the first 10 pixels also bluer
    input.fill(0, 0, 10);
    const out = (await session.run({ image: new ort.Tensor("float32", input, [1, 3, s, s]) })).logits;
    expect(out.dims).toEqual([1, 2, s, s]);
    const d = out.data as Float32Array;
    const warm = (i: number) => d[s * s + i] > d[i];
    expect([warm(0), warm(9), warm(10), warm(s * s - 1)]).toEqual([false, false, true, true]);
  });

  test("a 2-class model without labels is refused asking for them", async () => {
    const e = await refusal(twoClassModel(), "two.tflite");
    expect(e.message).toMatch(/2 classes.*labels \.txt with 2 names/);
  });

  test("labels that do not match the classes are refused with both counts", async () => {
    const e = await refusal(twoClassModel(), "two.tflite", { name: "three.txt", text: "a\nb\nc\n" });
    expect(e.message).toMatch(/"three\.txt" has 3 labels but the model outputs 2 classes/);
  });

  test("every unsupported op is listed at once", async () => {
    const e = await refusal(unsupportedOpModel(), "ops.tflite");
    expect(e.message).toMatch(/unsupported TFLite ops: .*TANH.*MyPostprocess/);
  });

  test("a text file is not a model", async () => {
    const e = await refusal(new TextEncoder().encode("background\nperson\n"), "labels.txt");
    expect(e.message).toMatch(/not a TFLite model.*TFL3.*byte offset 4/);
  });

  const conv = (inShape: number[], outShape: number[]) =>
    buildTflite({
      tensors: [
        { shape: inShape },
        { shape: [outShape[3], 1, 1, inShape[3]], data: f32(new Array(outShape[3] * inShape[3]).fill(0.5)) },
        { shape: outShape },
      ],
      ops: [{ code: OP.CONV_2D, inputs: [0, 1], outputs: [2], options: convOptions() }],
      inputs: [0],
      outputs: [2],
    });
  test.each([
    ["batch 4", conv([4, 5, 5, 3], [4, 5, 5, 2]), /batch 4, which cannot be pinned/],
    ["a 4-channel input", conv([1, 5, 5, 4], [1, 5, 5, 2]), /not an RGB image/],
    ["a non-square input", conv([1, 5, 7, 3], [1, 5, 7, 2]), /input size cannot be read: .* 5×7/],
    ["a 1-class output", conv([1, 5, 5, 3], [1, 5, 5, 1]), /not per-pixel class scores/],
  ])("%s is refused", async (_, bytes, message) => {
    expect((await refusal(bytes, "m.tflite", { name: "l.txt", text: "a\nb\n" })).message).toMatch(message);
  });
});
