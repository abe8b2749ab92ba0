import { existsSync } from "node:fs";

/** `path` when it exists; otherwise an error naming what is missing, so a test needing shared data fails. */
export function requireShared(path: string, what: string): string {
  if (!existsSync(path)) throw new Error(`Missing shared test data: ${what} (${path}); see ../shared/README.md`);
  return path;
}
