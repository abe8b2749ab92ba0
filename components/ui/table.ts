/** Tailwind classes for data tables. */
export const tableClass = "w-full border-collapse text-sm tabular-nums";
export const captionClass = "mb-2 text-left text-base font-semibold";
export const cellClass = "border-b border-neutral-200 px-2 py-1 dark:border-neutral-800";
/** A table's sideways scroller; positioned, so that visually hidden (absolute) cell text scrolls inside it too. */
export const scrollClass = "relative overflow-x-auto";
