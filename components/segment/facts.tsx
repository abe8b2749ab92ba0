import { useId } from "react";

/** One term/value pair in a <dl>; the value is labelled by its term so it can be found by name. */
export function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <div className="flex justify-between gap-4 py-0.5">
      <dt id={id} className="text-neutral-500 dark:text-neutral-400">
        {term}
      </dt>
      <dd aria-labelledby={id} className="text-right tabular-nums">
        {children}
      </dd>
    </div>
  );
}
