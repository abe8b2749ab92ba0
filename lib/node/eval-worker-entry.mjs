// worker_threads cannot load TypeScript by themselves: register tsx in this thread, then load the worker.
import { register } from "tsx/esm/api";

register();
await import("./eval-worker.ts");
