// Runs the calibrated conv on onnxruntime-node and prints its worst |Δ| as JSON; run as its own
// process so that int8-cpus.test.ts can start it on an emulated CPU. With --int8-weights the
// weights are first put back on the int8 grid, the form onnxruntime fuses into u8s8 kernels.
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";
import { convertTflite } from "@/lib/convert";
import { options, tflite, worstError, x } from "@/test/convert/calibrated-case";

const { onnx } = onnxProto;

function withInt8Weights(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  for (const t of model.graph!.initializer!)
    if (/weights_(q|zero_point)$/.test(t.name!) && t.dataType === onnx.TensorProto.DataType.UINT8) {
      t.rawData = Uint8Array.from(new Int8Array(Array.from(t.rawData!, (v) => v - 128)), (v) => v & 0xff);
      t.dataType = onnx.TensorProto.DataType.INT8;
    }
  return onnx.ModelProto.encode(model).finish();
}

let model = convertTflite(tflite(), options).onnx;
if (process.argv.includes("--int8-weights")) model = withInt8Weights(model);
const session = await ort.InferenceSession.create(model);
const [, h, w, c] = x.shape;
const nchw = new Float32Array(c * h * w);
for (let i = 0; i < h * w; i++) for (let k = 0; k < c; k++) nchw[k * h * w + i] = x.data[i * c + k];
const out = (await session.run({ image: new ort.Tensor("float32", nchw, [1, c, h, w]) })).logits;
const [, oc] = out.dims as number[];
const planar = out.data as Float32Array;
const nhwc = new Float32Array(planar.length);
for (let i = 0; i < h * w; i++) for (let k = 0; k < oc; k++) nhwc[i * oc + k] = planar[k * h * w + i];
console.log(JSON.stringify({ worst: worstError(nhwc) }));
