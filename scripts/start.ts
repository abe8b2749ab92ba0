/**
 * npm start: prepares runtime files and models, builds the production app when sources are newer
 * than the last build, then serves it on localhost. PORT (default 3000) and HOST can be set.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const next = join(root, "node_modules/.bin/next");
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(join(root, "node_modules/.bin/tsx"), [join(root, "scripts/setup.ts")]);
const sources = [
  "app",
  "components",
  "lib",
  "store",
  "next.config.js",
  "postcss.config.mjs",
  "package.json",
  "tsconfig.json",
];
const built = newest(join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"));
if (!built || Math.max(...sources.map((s) => newest(join(root, s)))) > built) run(next, ["build"]);

console.log(`\nDeepLab web app: open http://${host}:${port}/  (Ctrl+C to stop)\n`);
const server = spawn(next, ["start", "-H", host, "-p", port], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
