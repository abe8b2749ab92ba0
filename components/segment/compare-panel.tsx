"use client";
import { useEffect, useId, useMemo, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import { drawBitmap, putPixels } from "@/lib/render/canvas";
import { colorize, disagreementPixels, maskColors } from "@/lib/render/mask";
import { VOC_CLASSES } from "@/lib/voc/classes";
import {
  closeComparison,
  defaultChoices,
  rescoreComparison,
  runComparison,
  setChoice,
  setHighlight,
  useCompareStore,
  type Side,
} from "@/store/compare-store";
import { useModelStore } from "@/store/model-store";
import { useSegmentStore } from "@/store/segment-store";
import { BackendSelect } from "@/components/ui/backend-select";
import { Button } from "@/components/ui/button";
import { Fact } from "@/components/ui/fact";
import { fieldLabel, hint } from "@/components/ui/field";
import { millis, percent } from "@/components/ui/format";
import { Name, Panel } from "@/components/ui/panel";
import { Select } from "@/components/ui/select";
import { captionClass, cellClass, tableClass } from "@/components/ui/table";

const SIDES = ["A", "B"] as const;

/** The image on screen through two models or two backends, side by side, with where they disagree. */
export function ComparePanel() {
  const hasImage = useSegmentStore((s) => Boolean(s.result));
  const truth = useSegmentStore((s) => s.truth);
  const { sides, busy, error, highlight, name } = useCompareStore(
    useShallow((s) => ({ sides: s.sides, busy: s.busy, error: s.error, highlight: s.highlight, name: s.name })),
  );
  useEffect(() => rescoreComparison(), [truth]);
  const diff = useMemo(() => sides && disagreementPixels(sides[0].labels, sides[1].labels), [sides]);
  if (!hasImage) return null;
  return (
    <Panel title="Compare" region>
      <div className="grid gap-3 sm:grid-cols-2">
        {SIDES.map((label, i) => (
          <ChoiceFields key={label} side={i as 0 | 1} label={label} />
        ))}
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button look="primary" disabled={busy} onClick={() => void runComparison()}>
          {busy ? "Comparing…" : "Run comparison"}
        </Button>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={highlight} onChange={(e) => setHighlight(e.target.checked)} />
          Highlight disagreement
        </label>
        {sides && (
          <Button onClick={closeComparison} disabled={busy}>
            Close comparison
          </Button>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {sides && diff && (
        <>
          <p className="mt-3 text-sm" role="status">
            <Name>{name}</Name>: the two disagree on {percent(diff.differ / sides[0].labels.length)} of the pixels
            {highlight ? " (magenta)" : ""}.
          </p>
          <div className="mt-2 grid gap-4 sm:grid-cols-2">
            {sides.map((side, i) => (
              <SideView key={SIDES[i]} label={SIDES[i]} side={side} highlight={highlight ? diff.rgba : undefined} />
            ))}
          </div>
        </>
      )}
      {!sides && (
        <p className={hint}>
          Runs the image on screen through both{truth ? ", and scores each against the ground truth" : ""}.
        </p>
      )}
    </Panel>
  );
}

function ChoiceFields({ side, label }: { side: 0 | 1; label: string }) {
  const id = useId();
  const manifest = useModelStore((s) => s.manifest);
  const chosen = useCompareStore((s) => s.choices?.[side]);
  // Until a side is changed, the defaults follow the page's model and backend.
  const modelId = useModelStore((s) => s.modelId);
  const backend = useModelStore((s) => s.backend);
  const choice = chosen ?? defaultChoices({ manifest, modelId, backend })?.[side];
  if (!manifest || !choice) return null;
  return (
    <fieldset className="rounded-md border border-neutral-200 p-2 dark:border-neutral-800">
      <legend className="px-1 text-sm font-medium">Side {label}</legend>
      <label htmlFor={`${id}-model`} className={`${fieldLabel} text-xs`}>
        Side {label} model
      </label>
      <Select
        id={`${id}-model`}
        className="mt-1 block w-full"
        value={choice.modelId}
        onChange={(e) => setChoice(side, { modelId: e.target.value })}
      >
        {manifest.models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </Select>
      <label htmlFor={`${id}-backend`} className={`${fieldLabel} mt-2 text-xs`}>
        Side {label} backend
      </label>
      <BackendSelect
        id={`${id}-backend`}
        className="mt-1 block w-full"
        value={choice.backend}
        onChange={(backend) => setChoice(side, { backend })}
      />
    </fieldset>
  );
}

function SideView({
  label,
  side,
  highlight,
}: {
  label: string;
  side: Side;
  highlight?: Uint8ClampedArray<ArrayBuffer>;
}) {
  const bitmap = useCompareStore((s) => s.bitmap);
  const imageRef = useRef<HTMLCanvasElement>(null);
  const maskRef = useRef<HTMLCanvasElement>(null);
  const diffRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (bitmap && imageRef.current) drawBitmap(imageRef.current, bitmap);
    if (maskRef.current) putPixels(maskRef.current, colorize(side.labels, maskColors([0])), side.width, side.height);
  }, [bitmap, side]);
  useEffect(() => {
    if (highlight && diffRef.current) putPixels(diffRef.current, highlight, side.width, side.height);
  }, [highlight, side]);
  const m = side.metrics;
  const rows = m ? VOC_CLASSES.map((_, k) => k).filter((k) => m.gtPixels[k] > 0 || m.predPixels[k] > 0) : [];
  return (
    <figure aria-label={`Side ${label}: ${side.modelName} on ${side.ep}`} className="min-w-0">
      <div className="relative w-full" style={{ aspectRatio: `${side.width} / ${side.height}` }}>
        <canvas ref={imageRef} aria-hidden className="absolute inset-0 h-full w-full" />
        <canvas
          ref={maskRef}
          role="img"
          aria-label={`Side ${label} mask`}
          className="absolute inset-0 h-full w-full opacity-60"
        />
        {highlight && (
          <canvas
            ref={diffRef}
            role="img"
            aria-label={`Side ${label} disagreement`}
            className="absolute inset-0 h-full w-full"
          />
        )}
      </div>
      <figcaption className="mt-2 text-sm">
        <p className="font-medium">
          {label}: {side.modelName} · {side.ep}
        </p>
        <dl>
          <Fact term="Time">{millis(side.ms)}</Fact>
          {m && <Fact term="mIoU">{percent(m.mIoU)}</Fact>}
        </dl>
        {m && (
          <table className={`${tableClass} mt-2`}>
            <caption className={`${captionClass} text-sm`}>Per-class IoU, side {label}</caption>
            <tbody>
              {rows.map((k) => (
                <tr key={k}>
                  <th scope="row" className={`${cellClass} text-left font-normal`}>
                    {VOC_CLASSES[k]}
                  </th>
                  <td className={`${cellClass} text-right`}>{percent(m.iou[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </figcaption>
    </figure>
  );
}
