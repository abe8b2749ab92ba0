// A user's own .onnx: wrapped into the app's contract with the form's size and normalisation, or refused by name.
import * as ort from "onnxruntime-node";
import onnxProto from "onnx-proto";
import { describe, expect, test } from "vitest";
import { prepareOnnx } from "@/lib/own-model/onnx-model";
import { OwnModelError, prepareTflite } from "@/lib/own-model/prepare";
import { TWO_CLASS_LABELS, twoClassModel } from "@/test/helpers/own-models";

const { onnx } = onnxProto;
const labels = { name: "warmth.txt", text: TWO_CLASS_LABELS };

const fixSize = (m: onnxProto.onnx.ModelProto) => {
  const dim = m.graph!.input![0].type!.tensorType!.shape!.dim!;
  dim[2] = { dimValue: 33 };
  dim[3] = { dimValue: 33 };
};

/** A user's ONNX (any height and width): the 2-class model with its normalisation taken out, so the graph wants (x − 127.5) / 127.5. */
async function userOnnx(edit?: (m: onnxProto.onnx.ModelProto) => void): Promise<Uint8Array> {
  const converted = await prepareTflite(twoClassModel(), "two.tflite", { labels });
  const model = onnx.ModelProto.decode(converted.onnx);
  const g = model.graph!;
  // Feed the first conv straight from a renamed input, as an exporter would.
  const normalized = g.node!.find((n) => n.name === "image_normalized" || n.output?.includes("image_normalized"))!;
  const out = normalized.output![0];
  g.node = g.node!.filter((n) => n.opType !== "Mul" && n.opType !== "Add");
  for (const n of g.node) n.input = n.input?.map((x) => (x === out ? "pixel_values" : x));
  g.input![0].name = "pixel_values";
  edit?.(model);
  return onnx.ModelProto.encode(model).finish();
}

async function logits(model: Uint8Array, input: Float32Array, s: number) {
  const session = await ort.InferenceSession.create(model);
  const out = (await session.run({ image: new ort.Tensor("float32", input, [1, 3, s, s]) })).logits;
  return out.data as Float32Array;
}

async function refusal(bytes: Uint8Array, form = { mean: [127.5], std: [127.5] }): Promise<string> {
  try {
    await prepareOnnx(bytes, "user.onnx", form, { labels });
  } catch (e) {
    expect(e).toBeInstanceOf(OwnModelError);
    return (e as Error).message;
  }
  throw new Error("accepted");
}

describe("a user's .onnx", () => {
  test("is wrapped with the form's normalisation and equals the same network converted from TFLite", async () => {
    const s = 33;
    const input = Float32Array.from({ length: 3 * s * s }, (_, i) => (i * 37) % 256);
    const reference = await prepareTflite(twoClassModel(), "two.tflite", { labels });
    const phases: string[] = [];
    const wrapped = await prepareOnnx(
      await userOnnx(),
      "user.onnx",
      { size: s, mean: [127.5], std: [127.5] },
      {
        labels,
        onPhase: (p) => phases.push(p),
      },
    );
    expect(phases).toEqual(["read", "rewrite", "write"]);
    expect([wrapped.inputSize, wrapped.labels, wrapped.normalization.source]).toEqual([33, ["cool", "warm"], "form"]);
    const [a, b] = [await logits(wrapped.onnx, input, s), await logits(reference.onnx, input, s)];
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-5);
    // A different normalisation gives different scores: the form is applied.
    const other = await prepareOnnx(
      await userOnnx(),
      "user.onnx",
      { size: s, mean: [0, 0, 0], std: [1, 2, 255] },
      {
        labels,
      },
    );
    expect(await logits(other.onnx, input, s)).not.toEqual(a);
  });

  test("a symbolic batch is pinned to 1 and a symbolic size takes the form's", async () => {
    const bytes = await userOnnx((m) => {
      m.graph!.input![0].type!.tensorType!.shape!.dim![0] = { dimParam: "batch" };
    });
    expect(await refusal(bytes)).toMatch(/input size cannot be read .*give the input size in the form/);
    const m = await prepareOnnx(bytes, "user.onnx", { size: 33, mean: [127.5], std: [127.5] }, { labels });
    expect([m.inputSize, m.flexible]).toEqual([33, true]);
    const input = onnx.ModelProto.decode(m.onnx).graph!.input!.find((v) => v.name === "image")!;
    expect(Number(input.type!.tensorType!.shape!.dim![0].dimValue)).toBe(1);
  });

  test.each([
    ["text", new TextEncoder().encode("just some text\n"), /"user\.onnx": not an ONNX model/],
    ["batch 4", null, /batch 4, which cannot be pinned/],
  ])("refuses %s", async (what, bytes, message) => {
    const model =
      bytes ??
      (await userOnnx((m) => {
        m.graph!.input![0].type!.tensorType!.shape!.dim![0] = { dimValue: 4 };
      }));
    expect(await refusal(model)).toMatch(message);
  });

  test("a fixed size that disagrees with the form is refused", async () => {
    const fixed = await userOnnx(fixSize);
    expect(await refusal(fixed, { size: 65, mean: [127.5], std: [127.5] } as never)).toMatch(
      /fixed at 33×33, not the 65/,
    );
    const m = await prepareOnnx(fixed, "user.onnx", { mean: [127.5], std: [127.5] }, { labels });
    expect([m.inputSize, m.flexible]).toEqual([33, false]);
  });
});
