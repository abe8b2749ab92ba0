export function Select({ className = "", ...props }: React.ComponentProps<"select">) {
  return (
    <select
      className={`rounded-md border border-neutral-300 bg-white px-2 py-1.5 text-sm disabled:opacity-50 dark:border-neutral-700 dark:bg-neutral-900 ${className}`}
      {...props}
    />
  );
}
