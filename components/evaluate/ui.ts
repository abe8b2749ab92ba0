/** Shared Tailwind classes for the evaluation page's controls and tables. */
export const buttonClass =
  "inline-flex items-center gap-2 rounded-md border border-neutral-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm " +
  "hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-50 " +
  "dark:border-neutral-700 dark:bg-neutral-900 dark:hover:bg-neutral-800";

export const primaryClass =
  "inline-flex items-center gap-2 rounded-md bg-blue-600 px-4 py-1.5 text-sm font-semibold text-white shadow-sm " +
  "hover:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-50";

/** A label styled as a button around a visually hidden file input. */
export const fileLabelClass = `${buttonClass} cursor-pointer focus-within:outline-2 focus-within:outline-blue-600`;

export const tableClass = "w-full border-collapse text-sm tabular-nums";
export const captionClass = "mb-2 text-left text-base font-semibold";
export const cellClass = "border-b border-neutral-200 px-2 py-1 dark:border-neutral-800";

export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;
