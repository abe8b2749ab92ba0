import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

export interface GraphStats {
  /** Learned parameters: Conv weights and biases. */
  params: number;
  /** Multiply-adds of the Conv layers for one image. */
  madds: number;
}

type Shape = number[];
const prod = (s: Shape) => s.reduce((a, b) => a * b, 1);
const num = (v: number | { toNumber(): number }) => (typeof v === "number" ? v : v.toNumber());

/** Params and multiply-adds read off a serialized ONNX model, by propagating static shapes. */
export function graphStats(bytes: Uint8Array): GraphStats {
  const graph = onnx.ModelProto.decode(bytes).graph!;
  const shapes = new Map<string, Shape>();
  const ints = new Map<string, number[]>();
  for (const t of graph.initializer ?? []) {
    shapes.set(t.name!, (t.dims ?? []).map(num));
    if (t.dataType === onnx.TensorProto.DataType.INT64 && t.rawData) {
      const v = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
      ints.set(
        t.name!,
        Array.from({ length: t.rawData.byteLength / 8 }, (_, i) => Number(v.getBigInt64(8 * i, true))),
      );
    }
  }
  for (const i of graph.input ?? []) {
    const dims = i.type!.tensorType!.shape!.dim!;
    if (dims.some((d) => d.dimParam))
      throw new Error(`graphStats needs static input dims; "${i.name}" has symbolic ones`);
    shapes.set(
      i.name!,
      dims.map((d) => num(d.dimValue!)),
    );
  }

  let params = 0;
  let madds = 0;
  for (const node of graph.node ?? []) {
    const attr = (name: string) => node.attribute?.find((a) => a.name === name);
    const inShape = (k: number) => shapes.get(node.input![k]) ?? [];
    let out: Shape;
    switch (node.opType) {
      case "Conv": {
        const [n, , h, w] = inShape(0);
        const wShape = inShape(1);
        const [kh, kw] = wShape.slice(2);
        const [sh, sw] = (attr("strides")?.ints ?? [1, 1]).map(num);
        const [dh, dw] = (attr("dilations")?.ints ?? [1, 1]).map(num);
        const [pt, pl, pb, pr] = (attr("pads")?.ints ?? [0, 0, 0, 0]).map(num);
        out = [
          n,
          wShape[0],
          Math.floor((h + pt + pb - (kh - 1) * dh - 1) / sh) + 1,
          Math.floor((w + pl + pr - (kw - 1) * dw - 1) / sw) + 1,
        ];
        params += prod(wShape) + (node.input![2] ? prod(inShape(2)) : 0);
        madds += prod(out) * prod(wShape.slice(1));
        break;
      }
      case "GlobalAveragePool":
        out = [...inShape(0).slice(0, 2), 1, 1];
        break;
      case "AveragePool": {
        const [n, c, h, w] = inShape(0);
        const [kh, kw] = (attr("kernel_shape")!.ints ?? []).map(num);
        const [sh, sw] = (attr("strides")?.ints ?? [1, 1]).map(num);
        const [pt, pl, pb, pr] = (attr("pads")?.ints ?? [0, 0, 0, 0]).map(num);
        out = [n, c, Math.floor((h + pt + pb - kh) / sh) + 1, Math.floor((w + pl + pr - kw) / sw) + 1];
        break;
      }
      case "Concat": {
        const axis = num(attr("axis")!.i!);
        out = [...inShape(0)];
        out[axis] = node.input!.reduce((sum, name) => sum + (shapes.get(name) ?? [])[axis], 0);
        break;
      }
      case "Resize":
        out = ints.get(node.input![3]) ?? inShape(0);
        break;
      case "ArgMax": {
        const axis = num(attr("axis")!.i!);
        out = inShape(0).filter((_, i) => i !== axis);
        break;
      }
      default: {
        // Elementwise ops broadcast to the larger of their inputs.
        const ranked = node.input!.map((_, k) => inShape(k)).sort((a, b) => prod(b) - prod(a));
        out = ranked[0] ?? [];
      }
    }
    for (const o of node.output ?? []) shapes.set(o, out);
  }
  return { params, madds };
}
