"use client";
import { useShallow } from "zustand/react/shallow";
import { IGNORE_INDEX, VOC_CLASSES } from "@/lib/voc/classes";
import { useModelStore } from "@/store/model-store";
import { useSegmentStore } from "@/store/segment-store";
import { useClassNames } from "@/components/own-model/use-class-names";

const className = (k: number, names: readonly string[] = VOC_CLASSES) =>
  k === IGNORE_INDEX ? "void" : (names[k] ?? `class ${k}`);

export function PointerStatus() {
  const { pointer, hasResult } = useSegmentStore(
    useShallow((s) => ({ pointer: s.pointer, hasResult: Boolean(s.result) })),
  );
  const names = useClassNames();
  return (
    <p role="status">
      {hasResult &&
        (pointer
          ? `${pointer.cursor ? `At cursor (${pointer.cursor.x}, ${pointer.cursor.y})` : "Under pointer"}: ${className(pointer.predicted, names)}${pointer.truth === undefined ? "" : ` · ground truth: ${className(pointer.truth)}`}`
          : "Under pointer: — (hover, or focus the image and use the arrow keys)")}
    </p>
  );
}

export function BusyStatus() {
  const busy = useSegmentStore((s) => s.busy);
  const loading = useModelStore((s) => s.status === "loading");
  return (
    <p role="status" className="flex items-center gap-2">
      {busy && (
        <>
          <span
            aria-hidden
            className="size-3 animate-spin rounded-full border-2 border-neutral-400 border-t-transparent"
          />
          {loading ? "Loading the model…" : "Segmenting…"}
        </>
      )}
    </p>
  );
}
