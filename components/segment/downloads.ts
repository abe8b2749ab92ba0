import { compositePng, saveBlob } from "@/lib/render/canvas";
import { colorize, maskColors } from "@/lib/render/mask";
import { stem } from "@/lib/voc/dataset";
import { encodeLabelPng } from "@/lib/voc/label-png";
import { useSegmentStore } from "@/store/segment-store";

/** The prediction as a VOC palette PNG at the processed resolution. */
export function downloadMask() {
  const { result } = useSegmentStore.getState();
  if (!result) return;
  const png = encodeLabelPng({ width: result.width, height: result.height, labels: result.labels });
  saveBlob(new Blob([png as Uint8Array<ArrayBuffer>], { type: "image/png" }), `${stem(result.name)}_mask.png`);
}

/** The image with the mask over it, as shown: current opacity, hidden classes left out. */
export async function downloadOverlay() {
  const { result, hidden, opacity } = useSegmentStore.getState();
  if (!result) return;
  try {
    const blob = await compositePng(result.bitmap, colorize(result.labels, maskColors(hidden)), opacity / 100);
    saveBlob(blob, `${stem(result.name)}_overlay.png`);
  } catch (error) {
    useSegmentStore.setState({ error: `The overlay could not be saved: ${(error as Error).message}` });
  }
}
