// Resolution-flexible graphs: equal to the static ones at the source size, and right at other sizes.
import onnxProto from "onnx-proto";
import { describe, expect, test } from "vitest";
import { convertTflite, type ConvertOptions } from "@/lib/convert";
import { CATALOG } from "@/lib/models/catalog";
import { preprocess } from "@/lib/pipeline/preprocess";
import { upsampleArgmax } from "@/lib/pipeline/postprocess";
import { browserOptions, conversionOptions, loadSource } from "@/scripts/build-models";
import { decodeImage } from "@/lib/node/decode";
import { openNodeSession } from "@/lib/node/ort";
import { convertAndRun, expectClose, random } from "@/test/convert/harness";
import * as ref from "@/test/convert/reference";
import {
  OP,
  buildTflite,
  concatOptions,
  convOptions,
  depthwiseOptions,
  f32,
  i32,
  resizeOptions,
  type ModelSpec,
  type Options,
  type TensorSpec,
} from "@/test/helpers/tflite-builder";
import { missingShared, VOC, vocIds } from "@/test/helpers/paths";

const IMAGES = 20;

const inputDims = (onnx: Uint8Array) =>
  onnxProto.onnx.ModelProto.decode(onnx).graph!.input![0].type!.tensorType!.shape!.dim!.map(
    (d) => d.dimParam || Number(d.dimValue),
  );

/** A VALID pool over the whole h×w map, as DeepLab's image pooling is written. */
const wholeMapPool = (h: number, w: number): Options => ({
  type: 5,
  fields: [
    [0, "byte", 1],
    [1, "int", 1],
    [2, "int", 1],
    [3, "int", w],
    [4, "int", h],
  ],
});

describe("a DeepLab-like head built at 9×9", () => {
  const S = 9;
  const half = Math.ceil(S / 2);
  const r = random(31);
  const constant = (shape: number[]) => ({
    shape,
    data: r.floats(
      shape.reduce((a, b) => a * b),
      -0.5,
      0.5,
    ),
  });
  const stem = constant([8, 3, 3, 3]);
  const stemBias = constant([8]);
  const dw = constant([1, 3, 3, 8]);
  const dwBias = constant([8]);
  const pool = constant([4, 1, 1, 8]);
  const poolBias = constant([4]);
  const branch = constant([4, 1, 1, 8]);
  const branchBias = constant([4]);
  const head = constant([5, 1, 1, 8]);
  const headBias = constant([5]);
  const weight = (c: { shape: number[]; data: number[] }): TensorSpec => ({ shape: c.shape, data: f32(c.data) });
  const ints = (v: number[]): TensorSpec => ({ shape: v.length === 4 ? [2, 2] : [2], type: "int32", data: i32(v) });

  // Stride-2 SAME stem, TF's atrous depthwise (SPACE_TO_BATCH, VALID conv, BATCH_TO_SPACE), residual add,
  // image pooling (whole-map pool, 1×1 conv, resize to the map) beside a 1×1 branch, projection, resize back.
  const spec: ModelSpec = {
    tensors: [
      { shape: [1, S, S, 3] },
      weight(stem),
      weight(stemBias),
      { shape: [1, half, half, 8] },
      ints([2, 2]),
      ints([2, 3, 2, 3]),
      { shape: [4, 5, 5, 8] },
      weight(dw),
      weight(dwBias),
      { shape: [4, 3, 3, 8] },
      ints([0, 1, 0, 1]),
      { shape: [1, half, half, 8] },
      { shape: [1, half, half, 8] },
      { shape: [1, 1, 1, 8] },
      weight(pool),
      weight(poolBias),
      { shape: [1, 1, 1, 4] },
      ints([half, half]),
      { shape: [1, half, half, 4] },
      weight(branch),
      weight(branchBias),
      { shape: [1, half, half, 4] },
      { shape: [1, half, half, 8] },
      weight(head),
      weight(headBias),
      { shape: [1, half, half, 5] },
      ints([S, S]),
      { shape: [1, S, S, 5] },
    ],
    ops: [
      { code: OP.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: convOptions({ stride: 2, act: "RELU6" }) },
      { code: OP.SPACE_TO_BATCH_ND, inputs: [3, 4, 5], outputs: [6] },
      { code: OP.DEPTHWISE_CONV_2D, inputs: [6, 7, 8], outputs: [9], options: depthwiseOptions({ padding: "VALID" }) },
      { code: OP.BATCH_TO_SPACE_ND, inputs: [9, 4, 10], outputs: [11] },
      { code: OP.ADD, inputs: [3, 11], outputs: [12] },
      { code: OP.AVERAGE_POOL_2D, inputs: [12], outputs: [13], options: wholeMapPool(half, half) },
      { code: OP.CONV_2D, inputs: [13, 14, 15], outputs: [16], options: convOptions({ act: "RELU" }) },
      { code: OP.RESIZE_BILINEAR, inputs: [16, 17], outputs: [18], options: resizeOptions({ alignCorners: true }) },
      { code: OP.CONV_2D, inputs: [12, 19, 20], outputs: [21], options: convOptions({ act: "RELU" }) },
      { code: OP.CONCATENATION, inputs: [18, 21], outputs: [22], options: concatOptions(3) },
      { code: OP.CONV_2D, inputs: [22, 23, 24], outputs: [25], options: convOptions() },
      { code: OP.RESIZE_BILINEAR, inputs: [25, 26], outputs: [27], options: resizeOptions({ alignCorners: true }) },
    ],
    inputs: [0],
    outputs: [27],
  };

  /** What TF computes for this network at any input size. */
  function expected(x: ref.Nhwc, finalResize: boolean): ref.Nhwc {
    const t = (c: { shape: number[]; data: number[] }) => ref.tensor(c.shape, c.data);
    const stemOut = ref.conv2d(x, t(stem), stemBias.data, { padding: "SAME", stride: 2, act: "RELU6" });
    const atrous = ref.depthwise(stemOut, t(dw), dwBias.data, { padding: "SAME", dilation: 2 });
    const sum = ref.binary(
      stemOut,
      (n, y, xx, c) => ref.get(atrous, n, y, xx, c),
      (a, b) => a + b,
    );
    const [, h, w, c] = sum.shape;
    const mean = ref.tensor([1, 1, 1, c]);
    for (let k = 0; k < c; k++) {
      let total = 0;
      for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) total += ref.get(sum, 0, y, xx, k);
      mean.data[k] = total / (h * w);
    }
    const pooled = ref.conv2d(mean, t(pool), poolBias.data, { padding: "SAME", act: "RELU" });
    const broadcast = ref.resizeBilinear(pooled, h, w, "align_corners");
    const side = ref.conv2d(sum, t(branch), branchBias.data, { padding: "SAME", act: "RELU" });
    const logits = ref.conv2d(ref.concatChannels([broadcast, side]), t(head), headBias.data, { padding: "SAME" });
    return finalResize ? ref.resizeBilinear(logits, x.shape[1], x.shape[2], "align_corners") : logits;
  }

  const variants: [string, ConvertOptions][] = [
    ["split projection", {}],
    ["image pooling kept", { keepImagePooling: true }],
    ["final resize kept", { keepFinalResize: true }],
    ["both kept", { keepImagePooling: true, keepFinalResize: true }],
  ];
  const sizes = [
    [S, S],
    [8, 6],
    [12, 7],
    [5, 13],
    [16, 16],
  ];
  test.each(variants.flatMap(([label, options]) => sizes.map(([h, w]) => [label, h, w, options] as const)))(
    "%s, run at %i×%i, equals TF's network at that size",
    async (_, h, w, options) => {
      const x = ref.tensor([1, h, w, 3], random(32).floats(h * w * 3, -1, 1));
      const run = await convertAndRun(spec, x, { mean: 0, std: 1, flexible: true, ...options });
      expect(run.result.flexible).toBe(true);
      expect(run.result.pins).toEqual([]);
      expectClose(run.output, expected(x, !!options.keepFinalResize));
    },
  );

  test("the static graph keeps the source's dims and equals the flexible one at the source size", async () => {
    const x = ref.tensor([1, S, S, 3], random(33).floats(S * S * 3, -1, 1));
    const fixed = await convertAndRun(spec, x);
    const flexible = await convertAndRun(spec, x, { mean: 0, std: 1, flexible: true });
    expect(fixed.result.flexible).toBe(false);
    expect(inputDims(fixed.result.onnx)).toEqual([1, 3, S, S]);
    expect(inputDims(flexible.result.onnx)).toEqual([1, 3, "height", "width"]);
    expectClose(flexible.output, fixed.output, 0);
  });
});

test("a VALID conv stays flexible; its output dims, not a multiple of the input's, get names of their own", async () => {
  const spec: ModelSpec = {
    tensors: [
      { shape: [1, 6, 6, 3] },
      { shape: [2, 3, 3, 3], data: f32(random(34).floats(54, -1, 1)) },
      { shape: [1, 4, 4, 2] },
    ],
    ops: [{ code: OP.CONV_2D, inputs: [0, 1], outputs: [2], options: convOptions({ padding: "VALID" }) }],
    inputs: [0],
    outputs: [2],
  };
  const x = ref.tensor([1, 9, 7, 3], random(35).floats(9 * 7 * 3, -1, 1));
  const run = await convertAndRun(spec, x, { mean: 0, std: 1, flexible: true });
  const output = onnxProto.onnx.ModelProto.decode(run.result.onnx).graph!.output![0];
  expect(output.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual([
    1,
    2,
    "logits_height",
    "logits_width",
  ]);
  const w = ref.tensor([2, 3, 3, 3], random(34).floats(54, -1, 1));
  expectClose(run.output, ref.conv2d(x, w, undefined, { padding: "VALID" }));
});

describe("graphs that can only run at the source's size stay static and say why", () => {
  const image: TensorSpec = { shape: [1, 6, 6, 3] };
  const ints = (shape: number[], v: number[]): TensorSpec => ({ shape, type: "int32", data: i32(v) });

  test("a resize to a size no tensor before it has", () => {
    const spec: ModelSpec = {
      tensors: [image, ints([2], [7, 7]), { shape: [1, 7, 7, 3] }],
      ops: [{ code: OP.RESIZE_BILINEAR, inputs: [0, 1], outputs: [2], options: resizeOptions({}) }],
      inputs: [0],
      outputs: [2],
    };
    const result = convertTflite(buildTflite(spec), { flexible: true });
    expect(result.flexible).toBe(false);
    expect(result.pins).toEqual([expect.stringMatching(/resizes to a fixed 7×7 that no tensor before it has/)]);
    expect(inputDims(result.onnx)).toEqual([1, 3, 6, 6]);
  });

  test("an atrous conv whose paddings are not SAME's", () => {
    const spec: ModelSpec = {
      tensors: [
        image,
        ints([2], [2, 2]),
        ints([2, 2], [1, 1, 1, 1]),
        { shape: [4, 4, 4, 3] },
        { shape: [1, 3, 3, 3], data: f32(new Array(27).fill(0.1)) },
        { shape: [4, 2, 2, 3] },
        ints([2, 2], [0, 0, 0, 0]),
        { shape: [1, 4, 4, 3] },
      ],
      ops: [
        { code: OP.SPACE_TO_BATCH_ND, inputs: [0, 1, 2], outputs: [3] },
        { code: OP.DEPTHWISE_CONV_2D, inputs: [3, 4], outputs: [5], options: depthwiseOptions({ padding: "VALID" }) },
        { code: OP.BATCH_TO_SPACE_ND, inputs: [5, 1, 6], outputs: [7] },
      ],
      inputs: [0],
      outputs: [7],
    };
    const result = convertTflite(buildTflite(spec), { flexible: true });
    expect(result.sourceOps).toEqual({ DEPTHWISE_CONV_2D: 1 });
    expect(result.flexible).toBe(false);
    expect(result.pins).toEqual([
      expect.stringMatching(/explicit pads \[1,1,1,1\] that hold at the source's size only/),
    ]);
    expect(inputDims(result.onnx)).toEqual([1, 3, 6, 6]);
  });
});

/** Every catalog model, and the browser twin of those that have one. */
const cases = CATALOG.flatMap((entry) => {
  const options = conversionOptions(entry);
  const twin =
    options.qdq && !entry.cliOnly
      ? [{ label: `${entry.id} (browser twin)`, entry, options: browserOptions(options) }]
      : [];
  return [{ label: entry.id, entry, options }, ...twin];
});

describe.skipIf(missingShared("models") || missingShared("voc"))("every catalog model", () => {
  test.each(cases)(
    "$label: flexible equals static at the source size and runs at others",
    async ({ entry, options }) => {
      const { bytes } = await loadSource(entry);
      const fixed = convertTflite(bytes, { ...options, flexible: false });
      const flexible = convertTflite(bytes, { ...options, flexible: true });
      const S = fixed.inputSize;
      expect(options.flexible).toBe(true);
      expect(flexible.flexible).toBe(true);
      expect(flexible.pins).toEqual([]);
      expect(inputDims(fixed.onnx)).toEqual([1, 3, S, S]);
      expect(inputDims(flexible.onnx)).toEqual([1, 3, "height", "width"]);

      const a = await openNodeSession(fixed.onnx, 2);
      const b = await openNodeSession(flexible.onnx, 2);
      try {
        const ids = vocIds(IMAGES);
        let worst = 0;
        const images = [];
        for (const id of ids) {
          const image = await decodeImage(`${VOC}/JPEGImages/${id}.jpg`);
          const input = preprocess(image, S);
          const [p, q] = [await a.infer(input, S, S), await b.infer(input, S, S)];
          expect([q.classes, q.height, q.width]).toEqual([p.classes, p.height, p.width]);
          for (let i = 0; i < p.data.length; i++) worst = Math.max(worst, Math.abs(p.data[i] - q.data[i]));
          images.push({
            image,
            labels: upsampleArgmax(p.data, p.classes, p.height, p.width, image.height, image.width),
          });
        }
        console.log(`${entry.id}: max |Δlogit| static vs flexible over ${ids.length} images at ${S}: ${worst}`);
        expect(worst).toBeLessThanOrEqual(1e-5);

        const os = entry.outputStride;
        const squares = S === 257 ? [193, 225, 289, 321] : [385, 449];
        const sizes = [...squares.map((s) => [s, s]), [513, 385], [385, 513], [300, 250]];
        const agreements: string[] = [];
        for (const [h, w] of sizes) {
          const { image, labels } = images[0];
          const side = Math.max(h, w);
          const square = preprocess(image, side);
          const input = new Float32Array(3 * h * w);
          for (let c = 0; c < 3; c++)
            for (let y = 0; y < h; y++)
              input.set(square.subarray((c * side + y) * side, (c * side + y) * side + w), (c * h + y) * w);
          const out = await b.infer(input, h, w);
          expect([out.classes, out.height, out.width]).toEqual([fixed.classes, Math.ceil(h / os), Math.ceil(w / os)]);
          expect(out.data.every(Number.isFinite)).toBe(true);
          if (h !== w) continue;
          // The same picture at another scale: its mask must mostly agree with the one at the source size.
          const other = upsampleArgmax(out.data, out.classes, out.height, out.width, image.height, image.width);
          const same = other.reduce((n, v, i) => n + (v === labels[i] ? 1 : 0), 0) / labels.length;
          agreements.push(`${h}: ${(100 * same).toFixed(2)}%`);
          expect(same).toBeGreaterThan(0.9);
        }
        console.log(`${entry.id}: mask agreement with the source size, ${agreements.join(", ")}`);
      } finally {
        await a.release();
        await b.release();
      }
    },
    600_000,
  );
});
