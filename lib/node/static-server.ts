import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".tflite": "application/octet-stream",
  ".onnx": "application/octet-stream",
  ".jpg": "image/jpeg",
  ".png": "image/png",
};

export interface TestServer {
  url: string;
  /** Binary bodies the page POSTed to /upload/<key>. */
  uploads: Map<string, Buffer>;
  /** Bytes served at /data/<key>. */
  data: Map<string, Uint8Array>;
  pages: Map<string, string>;
  close(): Promise<void>;
}

/** A cross-origin-isolated localhost server for browser-side reference runs. */
export async function startServer(mounts: [prefix: string, dir: string][]): Promise<TestServer> {
  const uploads = new Map<string, Buffer>();
  const data = new Map<string, Uint8Array>();
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (req.method === "POST" && path.startsWith("/upload/")) {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        uploads.set(path.slice(8), Buffer.concat(chunks));
        res.end("ok");
      });
      return;
    }
    if (pages.has(path)) {
      res.setHeader("Content-Type", "text/html");
      res.end(pages.get(path));
      return;
    }
    if (path.startsWith("/data/") && data.has(path.slice(6))) {
      res.setHeader("Content-Type", "application/octet-stream");
      res.end(Buffer.from(data.get(path.slice(6))!));
      return;
    }
    for (const [prefix, dir] of mounts) {
      if (!path.startsWith(prefix)) continue;
      const file = join(dir, normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, ""));
      if (existsSync(file) && statSync(file).isFile()) {
        res.setHeader("Content-Type", TYPES[extname(file)] ?? "application/octet-stream");
        createReadStream(file).pipe(res);
        return;
      }
    }
    res.statusCode = 404;
    res.end("not found");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    uploads,
    data,
    pages,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
