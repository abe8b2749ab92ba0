"use client";
import { useEffect, useState } from "react";
import { inference } from "@/lib/inference/client";
import { classHistogram } from "@/lib/pipeline/postprocess";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { ensureModel, initModels, useModelStore } from "@/store/model-store";

export function SegmentPage() {
  const loaded = useModelStore((s) => s.loaded);
  const [classes, setClasses] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    void initModels(new URLSearchParams(location.search));
  }, []);
  async function onFile(file: File) {
    try {
      const model = await ensureModel();
      const r = await inference.segment(file, file.name, model.inputSize, 4096);
      const h = classHistogram(r.labels);
      setClasses(VOC_CLASSES.filter((_, k) => h[k] > 0));
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <div>
      <label>
        Upload image <input type="file" accept="image/*" onChange={(e) => e.target.files?.[0] && onFile(e.target.files[0])} />
      </label>
      <p>{loaded ? `${loaded.info.ep} ${loaded.info.threads}` : "not loaded"}</p>
      {error && <p role="alert">{error}</p>}
      <ul aria-label="Classes">{classes.map((c) => <li key={c}>{c}</li>)}</ul>
    </div>
  );
}
