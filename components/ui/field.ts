/** Tailwind classes for form labels and the small help text under a control. */
export const fieldLabel = "block text-sm font-medium";
export const hint = "mt-1 text-xs text-neutral-500 dark:text-neutral-400";
