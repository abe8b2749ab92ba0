"use client";
import { useEvalStore } from "@/store/eval-store";
import { ExpandableList } from "@/components/evaluate/expandable-list";
import { plural } from "@/components/ui/format";

/** What was found in the chosen set, before running. */
export function SetSummary() {
  const vocSet = useEvalStore((s) => s.set);
  const scanning = useEvalStore((s) => s.scanning);
  const scanError = useEvalStore((s) => s.scanError);
  if (scanning) return <p role="status">Reading the folder…</p>;
  if (scanError)
    return (
      <p role="alert" className="text-red-700 dark:text-red-400">
        {scanError}
      </p>
    );
  if (!vocSet) return null;
  const { pairing, listed, problem, source, unsupported = [] } = vocSet;
  return (
    <div className="space-y-1" aria-label="Set summary" role="region">
      <p>
        <strong>{plural(pairing.pairs.length, "pair")}</strong> in <span className="font-mono text-sm">{source}</span>
        {listed !== undefined && <> (ImageSets/Segmentation/val.txt lists {plural(listed, "id")})</>}
      </p>
      {problem && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
      {unsupported.length > 0 && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          Not supported, left out: {unsupported.map((n) => `“${n}”`).join(", ")}. Only JPEG, PNG and WebP images can be
          scored.
        </p>
      )}
      <ExpandableList
        summary={plural(pairing.imagesWithoutMask.length, "image") + " without a mask"}
        label="Images without a mask"
        items={pairing.imagesWithoutMask}
      />
      <ExpandableList
        summary={plural(pairing.masksWithoutImage.length, "mask") + " without an image"}
        label="Masks without an image"
        items={pairing.masksWithoutImage}
      />
      <ExpandableList
        summary={plural(pairing.missingFromList.length, "listed id") + " missing (no image or no mask)"}
        label="Listed ids missing"
        items={pairing.missingFromList}
      />
      <ExpandableList
        summary={`Show the ${plural(pairing.pairs.length, "pair")}`}
        label="Pair ids"
        items={pairing.pairs.map((p) => p.id)}
      />
    </div>
  );
}
