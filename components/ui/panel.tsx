import { useId } from "react";

/**
 * A titled box; with `region`, a landmark named by its title (only where no control shares that name, since
 * getByLabel would then find both). The title is upper-cased: put names (files, models) in `<Name>`.
 */
export function Panel({
  title,
  children,
  className = "",
  region = false,
}: {
  title: React.ReactNode;
  region?: boolean;
  children: React.ReactNode;
  className?: string;
}) {
  const id = useId();
  return (
    <section
      aria-labelledby={region ? id : undefined}
      className={`rounded-lg border border-neutral-200 bg-white p-4 shadow-sm dark:border-neutral-800 dark:bg-neutral-900 ${className}`}
    >
      <h2 id={id} className="mb-3 text-xs font-semibold tracking-wide text-neutral-600 uppercase dark:text-neutral-400">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A file or model name inside an upper-cased title, shown as it is spelt. */
export const Name = ({ children }: { children: React.ReactNode }) => <span className="normal-case">{children}</span>;
