// Per-op checks: tiny TFLite graphs built in-test, converted, run on onnxruntime-node, and compared
// with naive NHWC references (./reference.ts) that share no code with the converter.
import { describe, expect, test } from "vitest";
import {
  OP,
  binaryOptions,
  concatOptions,
  convOptions,
  depthwiseOptions,
  f16,
  f32,
  i32,
  i8,
  poolOptions,
  resizeOptions,
  argMaxOptions,
  type ModelSpec,
  type OpSpec,
  type Options,
  type TensorSpec,
} from "@/test/helpers/tflite-builder";
import { convertAndRun, expectClose, expectOnGrid, random } from "@/test/convert/harness";
import * as ref from "@/test/convert/reference";
import { tensor, type Act, type Nhwc, type Padding } from "@/test/convert/reference";

const image = (seed: number, size: number, lo = -3, hi = 3) =>
  tensor([1, size, size, 3], random(seed).floats(size * size * 3, lo, hi));
const input = (size: number): TensorSpec => ({ shape: [1, size, size, 3], name: "input" });
const constant = (t: Nhwc | { shape: number[]; data: ArrayLike<number> }): TensorSpec => ({
  shape: t.shape,
  data: f32(t.data),
});
const graph = (tensors: TensorSpec[], ops: OpSpec[], output: number): ModelSpec => ({
  tensors,
  ops,
  inputs: [0],
  outputs: [output],
});
const weights = (seed: number, shape: number[], lo = -1, hi = 1) =>
  tensor(
    shape,
    random(seed).floats(
      shape.reduce((a, b) => a * b),
      lo,
      hi,
    ),
  );

/** input → op(input, weights, bias) → output. */
function convGraph(
  code: number,
  size: number,
  w: Nhwc,
  bias: number[] | null,
  outShape: number[],
  options: Options,
): ModelSpec {
  const tensors = [input(size), constant(w), { shape: outShape }];
  const inputs = [0, 1];
  if (bias) {
    tensors.push(constant({ shape: [bias.length], data: bias }));
    inputs.push(3);
  }
  return graph(tensors, [{ code, inputs, outputs: [2], options }], 2);
}

describe("CONV_2D", () => {
  const cases: [
    string,
    { size: number; k: number; padding: Padding; stride?: number; dilation?: number; act?: Act; bias?: boolean },
  ][] = [
    ["SAME 3×3", { size: 5, k: 3, padding: "SAME" }],
    ["SAME 3×3 stride 2, odd size", { size: 5, k: 3, padding: "SAME", stride: 2 }],
    ["SAME 3×3 stride 2, even size (pad after only)", { size: 6, k: 3, padding: "SAME", stride: 2 }],
    ["SAME 2×2 (pad after only)", { size: 5, k: 2, padding: "SAME" }],
    ["VALID 3×3", { size: 5, k: 3, padding: "VALID" }],
    ["VALID 2×2 stride 2", { size: 6, k: 2, padding: "VALID", stride: 2 }],
    ["SAME 3×3 dilation 2, RELU", { size: 6, k: 3, padding: "SAME", dilation: 2, act: "RELU" }],
    ["SAME 2×2 dilation 3, RELU6", { size: 6, k: 2, padding: "SAME", dilation: 3, act: "RELU6" }],
    ["1×1 RELU_N1_TO_1, no bias", { size: 5, k: 1, padding: "SAME", act: "RELU_N1_TO_1", bias: false }],
  ];
  test.each(cases)("%s", async (_, c) => {
    const x = image(1, c.size);
    const w = weights(2, [4, c.k, c.k, 3]);
    const bias = c.bias === false ? null : random(3).floats(4, -2, 2);
    const params = { padding: c.padding, stride: c.stride, dilation: c.dilation, act: c.act };
    const expected = ref.conv2d(x, w, bias ?? undefined, params);
    const spec = convGraph(OP.CONV_2D, c.size, w, bias, expected.shape, convOptions(params));
    expectClose((await convertAndRun(spec, x)).output, expected);
  });

  test("bias index -1 means no bias", async () => {
    const x = image(4, 5);
    const w = weights(5, [2, 3, 3, 3]);
    const expected = ref.conv2d(x, w, undefined, { padding: "SAME" });
    const spec = graph(
      [input(5), constant(w), { shape: expected.shape }],
      [{ code: OP.CONV_2D, inputs: [0, 1, -1], outputs: [2], options: convOptions() }],
      2,
    );
    expectClose((await convertAndRun(spec, x)).output, expected);
  });

  test("weights and bias stored after the flatbuffer (Buffer.offset/size)", async () => {
    const x = image(33, 5);
    const w = weights(34, [3, 3, 3, 3]);
    const bias = random(35).floats(3, -1, 1);
    const expected = ref.conv2d(x, w, bias, { padding: "SAME" });
    const spec = convGraph(OP.CONV_2D, 5, w, bias, expected.shape, convOptions());
    spec.tensors[1].external = spec.tensors[3].external = true;
    expectClose((await convertAndRun(spec, x)).output, expected);
  });
});

describe("DEPTHWISE_CONV_2D", () => {
  const cases: [
    string,
    { size: number; k: number; padding: Padding; stride?: number; dilation?: number; act?: Act; multiplier?: number },
  ][] = [
    ["SAME 3×3", { size: 5, k: 3, padding: "SAME" }],
    [
      "SAME 3×3 stride 2, multiplier 2, RELU6",
      { size: 6, k: 3, padding: "SAME", stride: 2, multiplier: 2, act: "RELU6" },
    ],
    ["VALID 3×3 dilation 2", { size: 5, k: 3, padding: "VALID", dilation: 2 }],
    ["SAME 3×3 dilation 2, RELU", { size: 6, k: 3, padding: "SAME", dilation: 2, act: "RELU" }],
  ];
  test.each(cases)("%s", async (_, c) => {
    const channels = 3 * (c.multiplier ?? 1);
    const x = image(6, c.size);
    const w = weights(7, [1, c.k, c.k, channels]);
    const bias = random(8).floats(channels, -1, 1);
    const params = { padding: c.padding, stride: c.stride, dilation: c.dilation, act: c.act, multiplier: c.multiplier };
    const expected = ref.depthwise(x, w, bias, params);
    const spec = convGraph(OP.DEPTHWISE_CONV_2D, c.size, w, bias, expected.shape, depthwiseOptions(params));
    expectClose((await convertAndRun(spec, x)).output, expected);
  });
});

describe("AVERAGE_POOL_2D", () => {
  const cases: [string, { size: number; filter: number; stride: number; padding: Padding; act?: Act }][] = [
    ["SAME 3×3", { size: 5, filter: 3, stride: 1, padding: "SAME" }],
    ["SAME 2×2 stride 2", { size: 5, filter: 2, stride: 2, padding: "SAME" }],
    ["SAME 3×3 stride 2, even size", { size: 6, filter: 3, stride: 2, padding: "SAME" }],
    ["VALID 2×2 stride 2", { size: 6, filter: 2, stride: 2, padding: "VALID" }],
    ["VALID over the whole image, RELU", { size: 5, filter: 5, stride: 1, padding: "VALID", act: "RELU" }],
    ["VALID over the whole image, stride 2", { size: 5, filter: 5, stride: 2, padding: "VALID" }],
  ];
  test.each(cases)("%s", async (_, c) => {
    const x = image(9, c.size, -2, 1);
    const expected = ref.averagePool(x, c.filter, c.stride, c.padding, c.act);
    const spec = graph(
      [input(c.size), { shape: expected.shape }],
      [{ code: OP.AVERAGE_POOL_2D, inputs: [0], outputs: [1], options: poolOptions(c) }],
      1,
    );
    expectClose((await convertAndRun(spec, x)).output, expected);
  });
});

describe("CONCATENATION", () => {
  test.each([
    [3, "NONE"],
    [-1, "RELU6"],
  ] as const)("axis %d of an activation, the input and a constant, %s", async (axis, act) => {
    const x = image(10, 5, -4, 8);
    const w = weights(11, [2, 1, 1, 3]);
    const y = ref.conv2d(x, w, undefined, { padding: "SAME" });
    const z = weights(12, [1, 5, 5, 1], -9, 9);
    const expected = ref.binary(
      ref.concatChannels([y, x, z]),
      () => 0,
      (p) => p,
      act,
    );
    const spec = graph(
      [input(5), constant(w), { shape: y.shape }, constant(z), { shape: expected.shape }],
      [
        { code: OP.CONV_2D, inputs: [0, 1], outputs: [2], options: convOptions() },
        { code: OP.CONCATENATION, inputs: [2, 0, 3], outputs: [4], options: concatOptions(axis, act) },
      ],
      4,
    );
    expectClose((await convertAndRun(spec, x)).output, expected);
  });
});

describe("RESIZE_BILINEAR", () => {
  const resizeGraph = (from: number, to: number, mode: ref.ResizeMode, outShape: number[]): ModelSpec =>
    graph(
      [input(from), { shape: [2], type: "int32", data: i32([to, to]) }, { shape: outShape }],
      [
        {
          code: OP.RESIZE_BILINEAR,
          inputs: [0, 1],
          outputs: [2],
          options: resizeOptions({
            alignCorners: mode === "align_corners",
            halfPixelCenters: mode === "half_pixel_centers",
          }),
        },
      ],
      2,
    );
  const cases: [ref.ResizeMode, number, number][] = [
    ["align_corners", 5, 7],
    ["align_corners", 6, 4],
    ["half_pixel_centers", 5, 8],
    ["half_pixel_centers", 6, 4],
    ["none", 5, 8],
    ["none", 6, 4],
  ];
  test.each(cases)("%s %d→%d", async (mode, from, to) => {
    const x = image(13, from);
    const expected = ref.resizeBilinear(x, to, to, mode);
    expectClose((await convertAndRun(resizeGraph(from, to, mode, expected.shape), x)).output, expected);
  });

  test("a trailing exact align-corners resize is dropped, unless keepFinalResize", async () => {
    const x = image(14, 5);
    for (const to of [9, 13]) {
      const spec = resizeGraph(5, to, "align_corners", [1, to, to, 3]);
      const dropped = await convertAndRun(spec, x);
      expectClose(dropped.output, x);
      expect(dropped.result.outputSize).toBe(5);
      expect(dropped.result.sourceOps.RESIZE_BILINEAR).toBeUndefined();
      const kept = await convertAndRun(spec, x, { mean: 0, std: 1, keepFinalResize: true });
      expectClose(kept.output, ref.resizeBilinear(x, to, to, "align_corners"));
      expect(kept.result.outputSize).toBe(to);
    }
  });

  test("an exact resize that is not last is kept", async () => {
    const x = image(15, 5);
    const shift = [1, -2, 0.5];
    const resized = ref.resizeBilinear(x, 9, 9, "align_corners");
    const expected = ref.binary(
      resized,
      (n, y, xx, c) => shift[c],
      (p, q) => p + q,
    );
    const spec = graph(
      [
        input(5),
        { shape: [2], type: "int32", data: i32([9, 9]) },
        { shape: resized.shape },
        constant({ shape: [3], data: shift }),
        { shape: expected.shape },
      ],
      [
        { code: OP.RESIZE_BILINEAR, inputs: [0, 1], outputs: [2], options: resizeOptions({ alignCorners: true }) },
        { code: OP.ADD, inputs: [2, 3], outputs: [4], options: binaryOptions("ADD") },
      ],
      4,
    );
    expectClose((await convertAndRun(spec, x)).output, expected);
  });
});

describe("ADD / SUB / MUL", () => {
  const FN = {
    ADD: (p: number, q: number) => p + q,
    SUB: (p: number, q: number) => p - q,
    MUL: (p: number, q: number) => p * q,
  };
  const CODE = { ADD: OP.ADD, SUB: OP.SUB, MUL: OP.MUL };
  type Name = keyof typeof FN;

  const constants: [string, number[], (v: number[]) => (n: number, y: number, x: number, c: number) => number][] = [
    ["[C]", [3], (v) => (_n, _y, _x, c) => v[c]],
    ["[1,1,1,C]", [1, 1, 1, 3], (v) => (_n, _y, _x, c) => v[c]],
    ["[1,1,C]", [1, 1, 3], (v) => (_n, _y, _x, c) => v[c]],
    ["scalar", [], (v) => () => v[0]],
    ["[1,S,S,C]", [1, 5, 5, 3], (v) => (_n, y, x, c) => v[(y * 5 + x) * 3 + c]],
    ["[S,S,C]", [5, 5, 3], (v) => (_n, y, x, c) => v[(y * 5 + x) * 3 + c]],
  ];
  const constantCases: [Name, string, Act, boolean][] = [
    ["ADD", "[C]", "NONE", false],
    ["SUB", "[C]", "RELU_N1_TO_1", false],
    ["SUB", "[C]", "NONE", true],
    ["MUL", "[C]", "RELU6", false],
    ["ADD", "[1,1,1,C]", "RELU", false],
    ["MUL", "[1,1,C]", "NONE", false],
    ["ADD", "scalar", "NONE", false],
    ["MUL", "[1,S,S,C]", "NONE", true],
    ["SUB", "[S,S,C]", "NONE", false],
  ];
  test.each(constantCases)("%s with a constant %s, %s, constant first: %s", async (name, kind, act, constantFirst) => {
    const [, shape, lookup] = constants.find(([k]) => k === kind)!;
    const values = random(16).floats(
      Math.max(
        1,
        shape.reduce((a, b) => a * b, 1),
      ),
      -2,
      2,
    );
    const x = image(17, 5);
    const at = lookup(values);
    const expected = ref.binary(x, at, constantFirst ? (p, q) => FN[name](q, p) : FN[name], act);
    const spec = graph(
      [input(5), { shape, data: f32(values) }, { shape: expected.shape }],
      [{ code: CODE[name], inputs: constantFirst ? [1, 0] : [0, 1], outputs: [2], options: binaryOptions(name, act) }],
      2,
    );
    expectClose((await convertAndRun(spec, x)).output, expected);
  });

  test("a constant [1,1,C] on a 3×3 image (C = W) broadcasts on channels, not on width", async () => {
    const values = [1, -2, 4];
    const x = image(32, 3);
    const expected = ref.binary(x, (_n, _y, _x, c) => values[c], FN.MUL);
    const spec = graph(
      [input(3), { shape: [1, 1, 3], data: f32(values) }, { shape: expected.shape }],
      [{ code: OP.MUL, inputs: [0, 1], outputs: [2], options: binaryOptions("MUL") }],
      2,
    );
    expectClose((await convertAndRun(spec, x)).output, expected);
  });

  test.each([
    ["ADD", "RELU"],
    ["SUB", "NONE"],
    ["MUL", "RELU6"],
  ] as [Name, Act][])("%s of two activations, %s", async (name, act) => {
    const x = image(18, 5);
    const w = weights(19, [3, 1, 1, 3]);
    const y = ref.conv2d(x, w, undefined, { padding: "SAME" });
    const expected = ref.binary(y, (n, yy, xx, c) => ref.get(x, n, yy, xx, c), FN[name], act);
    const spec = graph(
      [input(5), constant(w), { shape: y.shape }, { shape: expected.shape }],
      [
        { code: OP.CONV_2D, inputs: [0, 1], outputs: [2], options: convOptions() },
        { code: CODE[name], inputs: [2, 0], outputs: [3], options: binaryOptions(name, act) },
      ],
      3,
    );
    expectClose((await convertAndRun(spec, x)).output, expected);
  });
});

describe("SPACE_TO_BATCH_ND → conv → BATCH_TO_SPACE_ND", () => {
  type Pairs = [[number, number], [number, number]];
  const cases: [string, { size: number; block: number; paddings: Pairs; crops: Pairs; inner: Padding }][] = [
    [
      "7×7, block 2, crops",
      {
        size: 7,
        block: 2,
        paddings: [
          [2, 3],
          [2, 3],
        ],
        crops: [
          [0, 1],
          [0, 1],
        ],
        inner: "VALID",
      },
    ],
    [
      "6×6, block 2",
      {
        size: 6,
        block: 2,
        paddings: [
          [2, 2],
          [2, 2],
        ],
        crops: [
          [0, 0],
          [0, 0],
        ],
        inner: "VALID",
      },
    ],
    [
      "7×7, block 3, crops",
      {
        size: 7,
        block: 3,
        paddings: [
          [3, 5],
          [3, 5],
        ],
        crops: [
          [0, 2],
          [0, 2],
        ],
        inner: "VALID",
      },
    ],
    [
      "6×6, block 2, inner SAME",
      {
        size: 6,
        block: 2,
        paddings: [
          [0, 0],
          [0, 0],
        ],
        crops: [
          [0, 0],
          [0, 0],
        ],
        inner: "SAME",
      },
    ],
  ];
  const kinds = [
    ["CONV_2D", OP.CONV_2D, [4, 3, 3, 3]],
    ["DEPTHWISE_CONV_2D", OP.DEPTHWISE_CONV_2D, [1, 3, 3, 3]],
  ] as const;
  test.each(kinds.flatMap((k) => cases.map((c) => [k[0], ...c, k] as const)))(
    "%s, %s",
    async (_, __, c, [name, code, wShape]) => {
      const x = image(20, c.size);
      const w = weights(21, [...wShape]);
      const bias = random(22).floats(wShape[0] === 1 ? 3 : 4, -1, 1);
      const block: [number, number] = [c.block, c.block];
      const conv = name === "CONV_2D" ? ref.conv2d : ref.depthwise;
      const batched = ref.spaceToBatch(x, block, c.paddings);
      const inner = conv(batched, w, bias, { padding: c.inner, act: "RELU" });
      const expected = ref.batchToSpace(inner, block, c.crops);
      // The pattern is TF's SAME atrous conv: the same as a dilated SAME conv.
      expectClose(expected, conv(x, w, bias, { padding: "SAME", dilation: c.block, act: "RELU" }), 1e-9);

      const ints = (shape: number[], v: number[]): TensorSpec => ({ shape, type: "int32", data: i32(v) });
      const options =
        name === "CONV_2D"
          ? convOptions({ padding: c.inner, act: "RELU" })
          : depthwiseOptions({ padding: c.inner, act: "RELU" });
      const spec = graph(
        [
          input(c.size),
          ints([2], block),
          ints([2, 2], c.paddings.flat()),
          { shape: batched.shape },
          constant(w),
          constant({ shape: [bias.length], data: bias }),
          { shape: inner.shape },
          ints([2], block),
          ints([2, 2], c.crops.flat()),
          { shape: expected.shape },
        ],
        [
          { code: OP.SPACE_TO_BATCH_ND, inputs: [0, 1, 2], outputs: [3] },
          { code, inputs: [3, 4, 5], outputs: [6], options },
          { code: OP.BATCH_TO_SPACE_ND, inputs: [6, 7, 8], outputs: [9] },
        ],
        9,
      );
      const run = await convertAndRun(spec, x);
      expectClose(run.output, expected);
      expect(Object.keys(run.result.sourceOps)).toEqual([name]);
    },
  );
});

describe("DEQUANTIZE of constants", () => {
  const sixtyFourths = (seed: number, n: number) =>
    random(seed)
      .ints(n, -128, 128)
      .map((v) => v / 64);

  test("float16 weights and bias → CONV_2D", async () => {
    const x = image(23, 5);
    const w = tensor([4, 3, 3, 3], sixtyFourths(24, 108));
    const bias = sixtyFourths(25, 4);
    const expected = ref.conv2d(x, w, bias, { padding: "SAME", act: "RELU6" });
    const spec = graph(
      [
        input(5),
        { shape: w.shape, type: "float16", data: f16(w.data) },
        { shape: w.shape },
        { shape: [4], type: "float16", data: f16(bias) },
        { shape: [4] },
        { shape: expected.shape },
      ],
      [
        { code: OP.DEQUANTIZE, inputs: [1], outputs: [2] },
        { code: OP.DEQUANTIZE, inputs: [3], outputs: [4] },
        { code: OP.CONV_2D, inputs: [0, 2, 4], outputs: [5], options: convOptions({ act: "RELU6" }) },
      ],
      5,
    );
    expectClose((await convertAndRun(spec, x)).output, expected);
  });

  const int8Cases: [
    string,
    { code: number; shape: number[]; scale: number[]; zeroPoint: number[]; axis: number; dequantize: boolean },
  ][] = [
    [
      "per-tensor int8 (zero point 3) → DEQUANTIZE → CONV_2D",
      { code: OP.CONV_2D, shape: [4, 3, 3, 3], scale: [0.02], zeroPoint: [3], axis: 0, dequantize: true },
    ],
    [
      "per-channel int8 (axis 0) → DEQUANTIZE → CONV_2D",
      {
        code: OP.CONV_2D,
        shape: [4, 3, 3, 3],
        scale: [0.001, 0.03, 0.007, 0.1],
        zeroPoint: [0, 0, 0, 0],
        axis: 0,
        dequantize: true,
      },
    ],
    [
      "per-channel int8 (axis 0) straight into CONV_2D",
      {
        code: OP.CONV_2D,
        shape: [4, 3, 3, 3],
        scale: [0.05, 0.002, 0.011, 0.03],
        zeroPoint: [0, 0, 0, 0],
        axis: 0,
        dequantize: false,
      },
    ],
    [
      "per-channel int8 (axis 3) → DEQUANTIZE → DEPTHWISE_CONV_2D",
      {
        code: OP.DEPTHWISE_CONV_2D,
        shape: [1, 3, 3, 3],
        scale: [0.004, 0.09, 0.02],
        zeroPoint: [0, 0, 0],
        axis: 3,
        dequantize: true,
      },
    ],
    [
      "per-channel int8 (axis 3) straight into DEPTHWISE_CONV_2D",
      {
        code: OP.DEPTHWISE_CONV_2D,
        shape: [1, 3, 3, 3],
        scale: [0.07, 0.003, 0.015],
        zeroPoint: [0, 0, 0],
        axis: 3,
        dequantize: false,
      },
    ],
  ];
  test.each(int8Cases)("%s", async (_, c) => {
    const x = image(26, 5);
    const q = random(27).ints(
      c.shape.reduce((a, b) => a * b),
      -127,
      127,
    );
    const w = tensor(c.shape);
    const inner = c.shape.slice(c.axis + 1).reduce((a, b) => a * b, 1);
    for (let i = 0; i < q.length; i++) {
      const ch = c.scale.length === 1 ? 0 : Math.floor(i / inner) % c.shape[c.axis];
      w.data[i] = (q[i] - c.zeroPoint[ch]) * Math.fround(c.scale[ch]);
    }
    const bias = random(28).floats(c.code === OP.CONV_2D ? 4 : 3, -1, 1);
    const conv = c.code === OP.CONV_2D ? ref.conv2d : ref.depthwise;
    const expected = conv(x, w, bias, { padding: "SAME" });
    const options = c.code === OP.CONV_2D ? convOptions() : depthwiseOptions();
    const quantized: TensorSpec = {
      shape: c.shape,
      type: "int8",
      data: i8(q),
      quant: { scale: c.scale, zeroPoint: c.zeroPoint, axis: c.axis },
    };
    const tensors = [
      input(5),
      quantized,
      { shape: c.shape },
      constant({ shape: [bias.length], data: bias }),
      { shape: expected.shape },
    ];
    const ops: OpSpec[] = [{ code: c.code, inputs: [0, c.dequantize ? 2 : 1, 3], outputs: [4], options }];
    if (c.dequantize) ops.unshift({ code: OP.DEQUANTIZE, inputs: [1], outputs: [2] });
    expectClose((await convertAndRun(graph(tensors, ops, 4), x)).output, expected);
  });
});

describe("ARG_MAX", () => {
  test("a trailing ARG_MAX is dropped: logits are its input", async () => {
    const x = image(29, 5);
    const w = weights(30, [4, 1, 1, 3]);
    const expected = ref.conv2d(x, w, undefined, { padding: "SAME" });
    const spec = graph(
      [
        input(5),
        constant(w),
        { shape: expected.shape },
        { shape: [1], type: "int32", data: i32([3]) },
        { shape: [1, 5, 5], type: "int64" },
      ],
      [
        { code: OP.CONV_2D, inputs: [0, 1], outputs: [2], options: convOptions() },
        { code: OP.ARG_MAX, inputs: [2, 3], outputs: [4], options: argMaxOptions() },
      ],
      4,
    );
    const run = await convertAndRun(spec, x);
    expectClose(run.output, expected);
    expect(run.result.classes).toBe(4);
    expect(run.result.sourceOps.ARG_MAX).toBeUndefined();
  });
});

describe("input normalisation", () => {
  const scales = [1, 2, -1];
  const mulGraph = (inputSpec: TensorSpec, dequantize: boolean): ModelSpec => {
    const tensors: TensorSpec[] = [
      inputSpec,
      constant({ shape: [3], data: scales }),
      { shape: [1, 5, 5, 3] },
      { shape: [1, 5, 5, 3] },
    ];
    const ops: OpSpec[] = [
      { code: OP.MUL, inputs: [dequantize ? 3 : 0, 1], outputs: [2], options: binaryOptions("MUL") },
    ];
    if (dequantize) ops.unshift({ code: OP.DEQUANTIZE, inputs: [0], outputs: [3] });
    return graph(tensors, ops, 2);
  };
  const pixels = tensor([1, 5, 5, 3], random(31).ints(75, 0, 255));
  const expectedFor = (f: (v: number) => number) =>
    ref.binary(
      pixels,
      (_n, _y, _x, c) => scales[c],
      (p, q) => f(p) * q,
    );

  test("float input: (x − 127.5) / 127.5 by default", async () => {
    const run = await convertAndRun(mulGraph(input(5), false), pixels, {});
    expectClose(
      run.output,
      expectedFor((v) => (v - 127.5) / 127.5),
    );
  });

  test("float input: custom mean and std", async () => {
    const run = await convertAndRun(mulGraph(input(5), false), pixels, { mean: 100, std: 50 });
    expectClose(
      run.output,
      expectedFor((v) => (v - 100) / 50),
    );
  });

  test("uint8 input: raw bytes, the tensor's scale and zero point", async () => {
    const spec = mulGraph({ shape: [1, 5, 5, 3], type: "uint8", quant: { scale: [0.0125], zeroPoint: [100] } }, true);
    const run = await convertAndRun(spec, pixels, { mean: 0, std: 1 });
    expectClose(
      run.output,
      expectedFor((v) => (v - 100) * Math.fround(0.0125)),
    );
  });

  test("int8 input: the byte value fed is q + 128", async () => {
    const spec = mulGraph({ shape: [1, 5, 5, 3], type: "int8", quant: { scale: [0.02], zeroPoint: [-7] } }, true);
    const run = await convertAndRun(spec, pixels, { mean: 0, std: 1 });
    expectClose(
      run.output,
      expectedFor((v) => (v - 128 + 7) * Math.fround(0.02)),
    );
  });
});

// Each quantized graph runs both ways: activations rounded with float ops, and as a QDQ model with integer kernels.
describe.each([
  ["rounded floats", false],
  ["QDQ", true],
] as const)("quantized graphs (%s)", (_mode, qdq) => {
  const fr = Math.fround;
  /** Dequantized value of q for each element of a tensor, scales per `axis` when more than one. */
  const dequantized = (shape: number[], q: number[], scale: number[], zeroPoint: number[], axis = 0) => {
    const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    return tensor(
      shape,
      q.map((v, i) => {
        const c = scale.length === 1 ? 0 : Math.floor(i / inner) % scale.length;
        return (v - zeroPoint[c]) * fr(scale[c]);
      }),
    );
  };
  const steps = (t: Nhwc, scale: number, zeroPoint: number, lo: number, hi: number) =>
    Array.from(t.data, (v) => ref.quantize(v, fr(scale), zeroPoint, lo, hi) - zeroPoint);

  test.each([
    ["NONE", 1],
    ["RELU6", 1],
    ["NONE", 2],
  ] as [Act, number][])("uint8 CONV_2D (uint8 weights, int32 bias), %s, stride %d", async (act, stride) => {
    const [sIn, zIn, sW, zW, sOut, zOut] = [1 / 128, 128, 0.01, 120, 0.04, 128];
    const pixels = random(40).ints(75, 0, 255);
    const qw = random(41).ints(108, 0, 255);
    const qb = random(42).ints(4, -500, 500);
    const x = dequantized([1, 5, 5, 3], pixels, [sIn], [zIn]);
    const w = dequantized([4, 3, 3, 3], qw, [sW], [zW]);
    const bias = qb.map((v) => v * fr(sIn * sW));
    const y = ref.conv2d(x, w, bias, { padding: "SAME", stride, act });
    const spec = graph(
      [
        { shape: [1, 5, 5, 3], type: "uint8", quant: { scale: [sIn], zeroPoint: [zIn] } },
        { shape: [4, 3, 3, 3], type: "uint8", data: Uint8Array.from(qw), quant: { scale: [sW], zeroPoint: [zW] } },
        { shape: [4], type: "int32", data: i32(qb), quant: { scale: [sIn * sW], zeroPoint: [0] } },
        { shape: y.shape, type: "uint8", quant: { scale: [sOut], zeroPoint: [zOut] } },
      ],
      [{ code: OP.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: convOptions({ stride, act }) }],
      3,
    );
    const run = await convertAndRun(spec, tensor([1, 5, 5, 3], pixels), { mean: 0, std: 1, qdq });
    expect(run.output.shape).toEqual(y.shape);
    const off = expectOnGrid(run.output, steps(y, sOut, zOut, 0, 255), fr(sOut));
    console.info(`uint8 conv ${act} stride ${stride}: ${off} of ${y.data.length} one step off`);
  });

  test("int8 DEPTHWISE_CONV_2D with per-channel weights, then an int8 ADD of two activations", async () => {
    const [sIn, zIn, sMid, zMid, sOut, zOut] = [0.02, -7, 0.03, 5, 0.05, 3];
    const sW = [0.004, 0.02, 0.011];
    const bytes = random(43).ints(75, 0, 255);
    const qw = random(44).ints(27, -127, 127);
    const qb = random(45).ints(3, -2000, 2000);
    const x = dequantized(
      [1, 5, 5, 3],
      bytes.map((b) => b - 128),
      [sIn],
      [zIn],
    );
    const w = dequantized([1, 3, 3, 3], qw, sW, [0, 0, 0], 3);
    const bias = qb.map((v, c) => v * fr(sIn * sW[c]));
    const conv = ref.depthwise(x, w, bias, { padding: "SAME" });
    const mid = dequantized(conv.shape, steps(conv, sMid, zMid, -128, 127), [sMid], [0]);
    const sum = ref.binary(
      mid,
      (n, y, xx, c) => ref.get(x, n, y, xx, c),
      (p, q) => p + q,
      "RELU",
    );
    const spec = graph(
      [
        { shape: [1, 5, 5, 3], type: "int8", quant: { scale: [sIn], zeroPoint: [zIn] } },
        { shape: [1, 3, 3, 3], type: "int8", data: i8(qw), quant: { scale: sW, zeroPoint: [0, 0, 0], axis: 3 } },
        { shape: [3], type: "int32", data: i32(qb), quant: { scale: sW.map((s) => sIn * s), zeroPoint: [0, 0, 0] } },
        { shape: conv.shape, type: "int8", quant: { scale: [sMid], zeroPoint: [zMid] } },
        { shape: sum.shape, type: "int8", quant: { scale: [sOut], zeroPoint: [zOut] } },
      ],
      [
        { code: OP.DEPTHWISE_CONV_2D, inputs: [0, 1, 2], outputs: [3], options: depthwiseOptions() },
        { code: OP.ADD, inputs: [3, 0], outputs: [4], options: binaryOptions("ADD", "RELU") },
      ],
      4,
    );
    const run = await convertAndRun(spec, tensor([1, 5, 5, 3], bytes), { mean: 0, std: 1, qdq });
    const off = expectOnGrid(run.output, steps(sum, sOut, zOut, -128, 127), fr(sOut));
    console.info(`int8 depthwise + add: ${off} of ${sum.data.length} one step off`);
  });

  test("int8 MUL then ADD by int8 per-channel constants (a batch norm left after a dilated depthwise)", async () => {
    const [sIn, zIn, sScale, zScale, sShift, zShift, sMid, zMid, sOut, zOut] = [
      0.02, -7, 0.01, -20, 0.03, 4, 0.025, 2, 0.04, -3,
    ];
    const bytes = random(48).ints(75, 0, 255);
    const [qScale, qShift] = [
      [90, -60, 127],
      [-100, 30, 80],
    ];
    const x = dequantized(
      [1, 5, 5, 3],
      bytes.map((b) => b - 128),
      [sIn],
      [zIn],
    );
    const product = ref.binary(
      x,
      (_n, _y, _x, c) => (qScale[c] - zScale) * fr(sScale),
      (p, q) => p * q,
    );
    const mid = dequantized(product.shape, steps(product, sMid, zMid, -128, 127), [sMid], [0]);
    const sum = ref.binary(
      mid,
      (_n, _y, _x, c) => (qShift[c] - zShift) * fr(sShift),
      (p, q) => p + q,
    );
    const spec = graph(
      [
        { shape: [1, 5, 5, 3], type: "int8", quant: { scale: [sIn], zeroPoint: [zIn] } },
        { shape: [3], type: "int8", data: i8(qScale), quant: { scale: [sScale], zeroPoint: [zScale] } },
        { shape: [3], type: "int8", data: i8(qShift), quant: { scale: [sShift], zeroPoint: [zShift] } },
        { shape: mid.shape, type: "int8", quant: { scale: [sMid], zeroPoint: [zMid] } },
        { shape: sum.shape, type: "int8", quant: { scale: [sOut], zeroPoint: [zOut] } },
      ],
      [
        { code: OP.MUL, inputs: [0, 1], outputs: [3], options: binaryOptions("MUL") },
        { code: OP.ADD, inputs: [3, 2], outputs: [4], options: binaryOptions("ADD") },
      ],
      4,
    );
    const run = await convertAndRun(spec, tensor([1, 5, 5, 3], bytes), { mean: 0, std: 1, qdq });
    const off = expectOnGrid(run.output, steps(sum, sOut, zOut, -128, 127), fr(sOut));
    console.info(`int8 mul + add by constants: ${off} of ${sum.data.length} one step off`);
  });

  const [sQ, zQ] = [0.05, 10];
  const quantizeGraph = (tail: "none" | "dequantize" | "requantize"): ModelSpec => {
    const q: TensorSpec = { shape: [1, 5, 5, 3], type: "int8", quant: { scale: [sQ], zeroPoint: [zQ] } };
    const tensors: TensorSpec[] = [input(5), q];
    const ops: OpSpec[] = [{ code: OP.QUANTIZE, inputs: [0], outputs: [1] }];
    if (tail === "dequantize") {
      tensors.push({ shape: [1, 5, 5, 3] });
      ops.push({ code: OP.DEQUANTIZE, inputs: [1], outputs: [2] });
    } else if (tail === "requantize") {
      tensors.push({ shape: [1, 5, 5, 3], type: "int8", quant: { scale: [0.13], zeroPoint: [-4] } });
      ops.push({ code: OP.QUANTIZE, inputs: [1], outputs: [2] });
    }
    return graph(tensors, ops, tensors.length - 1);
  };

  test.each(["none", "dequantize"] as const)("QUANTIZE float → int8, saturating (then %s)", async (tail) => {
    const x = image(46, 5, -8, 8);
    const run = await convertAndRun(quantizeGraph(tail), x, { mean: 0, std: 1, qdq });
    const off = expectOnGrid(run.output, steps(x, sQ, zQ, -128, 127), fr(sQ));
    expect(off).toBe(0);
    expect(Math.min(...run.output.data)).toBeCloseTo((-128 - zQ) * sQ, 5);
    expect(Math.max(...run.output.data)).toBeCloseTo((127 - zQ) * sQ, 5);
  });

  test("QUANTIZE int8 → int8 onto another grid", async () => {
    const x = image(47, 5, -8, 8);
    const first = dequantized(x.shape, steps(x, sQ, zQ, -128, 127), [sQ], [0]);
    const run = await convertAndRun(quantizeGraph("requantize"), x, { mean: 0, std: 1, qdq });
    const off = expectOnGrid(run.output, steps(first, 0.13, -4, -128, 127), fr(0.13));
    console.info(`requantize: ${off} of ${x.data.length} one step off`);
  });
});
