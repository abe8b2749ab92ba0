const face =
  "inline-flex items-center gap-2 rounded-md border border-neutral-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm " +
  "dark:border-neutral-700 dark:bg-neutral-900";

const looks = {
  secondary:
    `${face} enabled:hover:bg-neutral-100 dark:enabled:hover:bg-neutral-800 focus-visible:outline-2 ` +
    "focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-50",
  primary:
    "inline-flex items-center gap-2 rounded-md bg-blue-600 px-4 py-1.5 text-sm font-semibold text-white shadow-sm " +
    "enabled:hover:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 " +
    "disabled:cursor-not-allowed disabled:opacity-50",
};

export function Button({
  look = "secondary",
  type = "button",
  className = "",
  ...props
}: React.ComponentProps<"button"> & { look?: keyof typeof looks }) {
  return <button type={type} className={`${looks[look]} ${className}`} {...props} />;
}

/** A button that opens the file chooser: a label around a visually hidden file input, named by the label. */
/** A file input's change handler: runs `run` on the first file chosen, and clears the input so the same file can be chosen again. */
export const takeFile = (run: (file: File) => unknown) => (e: React.ChangeEvent<HTMLInputElement>) => {
  const file = e.target.files?.[0];
  e.target.value = "";
  if (file) void run(file);
};

export function FileButton({ label, ...input }: { label: string } & React.ComponentProps<"input">) {
  return (
    <label
      className={`${face} cursor-pointer hover:bg-neutral-100 focus-within:outline-2 focus-within:outline-blue-600 dark:hover:bg-neutral-800`}
    >
      {label}
      <input type="file" className="sr-only" {...input} />
    </label>
  );
}
