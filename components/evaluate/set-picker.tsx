"use client";
import { useState, type ChangeEvent, type DragEvent, type InputHTMLAttributes } from "react";
import { droppedEntries } from "@/lib/voc/folder";
import { chooseFolder, chooseImages, chooseMasks, dropFolder, useEvalStore } from "@/store/eval-store";
import { FileButton } from "@/components/ui/button";

// Not in React's input types, but passed through to the DOM.
const directoryProps = { webkitdirectory: "", directory: "" } as InputHTMLAttributes<HTMLInputElement>;

/** Reads the chosen files, then clears the input so the same choice can be made again. */
const takeFiles = (pick: (files: File[]) => unknown) => (event: ChangeEvent<HTMLInputElement>) => {
  const files = [...(event.target.files ?? [])];
  event.target.value = "";
  if (files.length) pick(files);
};

export function SetPicker() {
  const running = useEvalStore((s) => s.running);
  const [over, setOver] = useState(false);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    if (running) return;
    const entries = droppedEntries(event.dataTransfer.items);
    if (entries.length) void dropFolder(entries);
  }

  return (
    <div
      role="group"
      aria-label="Choose the set"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setOver(false)}
      onDrop={onDrop}
      className={`flex flex-col gap-4 rounded-lg border-2 border-dashed p-6 ${over ? "border-blue-500 bg-blue-50 dark:bg-blue-950" : "border-neutral-300 dark:border-neutral-700"}`}
    >
      <div className="flex flex-wrap items-center gap-3">
        <span>Drop a VOCdevkit folder here, or</span>
        <FileButton
          label="Choose VOC folder"
          {...directoryProps}
          disabled={running}
          onChange={takeFiles(chooseFolder)}
        />
      </div>
      <p className="text-sm text-neutral-600 dark:text-neutral-400">
        JPEGImages/, SegmentationClass/ and ImageSets/Segmentation/val.txt are found anywhere inside it (e.g.
        VOCdevkit/VOC2012/).
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <span>Or pick files, paired by name without extension:</span>
        <FileButton
          label="Choose images"
          multiple
          accept="image/jpeg,image/png,image/webp"
          disabled={running}
          onChange={takeFiles(chooseImages)}
        />
        <FileButton
          label="Choose masks"
          multiple
          accept="image/png"
          disabled={running}
          onChange={takeFiles(chooseMasks)}
        />
      </div>
    </div>
  );
}
