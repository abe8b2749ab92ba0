import { useId } from "react";

const LOOKS = {
  /** Term left, value right: a line of a list. */
  row: { box: "flex justify-between gap-4 py-0.5", value: "text-right tabular-nums" },
  /** A headline figure under its term. */
  stat: { box: "", value: "text-2xl font-semibold tabular-nums" },
  /** A small value under its term. */
  stack: { box: "text-sm", value: "" },
};

/** One term/value pair in a <dl>; the value is labelled by its term so it can be found by name. */
export function Fact({
  term,
  look = "row",
  children,
}: {
  term: string;
  look?: keyof typeof LOOKS;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <div className={LOOKS[look].box}>
      <dt id={id} className="text-neutral-500 dark:text-neutral-400">
        {term}
      </dt>
      <dd aria-labelledby={id} className={LOOKS[look].value}>
        {children}
      </dd>
    </div>
  );
}
