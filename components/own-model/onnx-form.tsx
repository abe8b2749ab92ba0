"use client";
import { useId, useState } from "react";
import { addModelFile, cancelOnnx, useOwnModelStore } from "@/store/own-model-store";
import { Button } from "@/components/ui/button";
import { fieldLabel, hint } from "@/components/ui/field";

const input =
  "mt-1 block w-full rounded-md border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900";

/** "1, 2, 3" or "127.5" → numbers; undefined where a value does not parse. */
const numbers = (text: string) => {
  const values = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  return values.length && values.every(Number.isFinite) ? values : undefined;
};

/** What an .onnx file cannot say about itself: its input size (where not fixed) and normalisation. */
export function OnnxForm({ onReady }: { onReady?: () => void }) {
  const id = useId();
  const file = useOwnModelStore((s) => s.pendingOnnx);
  const [size, setSize] = useState("");
  const [mean, setMean] = useState("127.5");
  const [std, setStd] = useState("127.5");
  const [problem, setProblem] = useState<string>();
  if (!file) return null;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const [m, s] = [numbers(mean), numbers(std)];
    const n = size.trim() ? Number(size) : undefined;
    if (!m || !s) return setProblem("Mean and std take one number, or three (R, G, B), separated by commas.");
    if (n !== undefined && !(Number.isInteger(n) && n > 1))
      return setProblem("The input size is a whole number of pixels.");
    setProblem(undefined);
    void addModelFile(file, onReady, { size: n, mean: m, std: s });
  };
  return (
    <form aria-label={`Settings for ${file.name}`} onSubmit={submit} className="mt-3 space-y-2">
      <p className="text-sm">{file.name}: the model takes (x − mean) / std of 0–255 RGB, at this size.</p>
      <label className={fieldLabel} htmlFor={`${id}-size`}>
        Input size (px)
      </label>
      <input
        id={`${id}-size`}
        className={input}
        inputMode="numeric"
        placeholder="read from the model"
        value={size}
        onChange={(e) => setSize(e.target.value)}
      />
      <label className={fieldLabel} htmlFor={`${id}-mean`}>
        Mean
      </label>
      <input id={`${id}-mean`} className={input} value={mean} onChange={(e) => setMean(e.target.value)} />
      <label className={fieldLabel} htmlFor={`${id}-std`}>
        Std
      </label>
      <input id={`${id}-std`} className={input} value={std} onChange={(e) => setStd(e.target.value)} />
      <p className={hint}>DeepLab: 127.5 and 127.5. ImageNet: 123.7, 116.3, 103.5 and 58.4, 57.1, 57.4.</p>
      {problem && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
      <div className="flex gap-2">
        <Button look="primary" type="submit">
          Add ONNX model
        </Button>
        <Button onClick={cancelOnnx}>Cancel</Button>
      </div>
    </form>
  );
}
