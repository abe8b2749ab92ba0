import type { Skipped } from "@/lib/metrics/evaluation";
import { plural } from "@/components/ui/format";

/** Pairs that could not be scored, each with its reason. */
export function SkippedList({ skipped }: { skipped: Skipped[] }) {
  if (!skipped.length) return null;
  return (
    <section aria-labelledby="skipped-heading" className="space-y-1">
      <h3 id="skipped-heading" className="font-semibold">
        Skipped: {plural(skipped.length, "pair")}
      </h3>
      <ul aria-label="Skipped pairs" className="max-h-64 space-y-0.5 overflow-auto text-sm">
        {skipped.map((s) => (
          <li key={s.id}>
            <span className="font-mono">{s.id}</span>: {s.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
