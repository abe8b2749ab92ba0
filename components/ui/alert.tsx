/** A live region that shows a problem, if any, with a button to dismiss it. */
export function Alert({
  message,
  onDismiss,
  dismissLabel,
  className = "",
}: {
  message?: string;
  onDismiss: () => void;
  dismissLabel: string;
  className?: string;
}) {
  return (
    <div role="alert">
      {message && (
        <div
          className={`flex items-start gap-3 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100 ${className}`}
        >
          <p className="flex-1">{message}</p>
          <button type="button" aria-label={dismissLabel} onClick={onDismiss} className="px-1 text-lg leading-none">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
