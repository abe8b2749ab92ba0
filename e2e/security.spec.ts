// The Content-Security-Policy and the other security headers: on every kind of response, and not one
// violation during a full session on both pages, on WASM and on WebGPU.
import type { APIResponse, Page, Worker as PageWorker } from "@playwright/test";
import { expect, GOLDEN_INPUT, test, VOC } from "@/e2e/fixtures";
import { contentSecurityPolicy, PERMISSIONS_POLICY } from "@/lib/security/csp";

const IMAGE_33 = `${VOC}/JPEGImages/2007_000033.jpg`;
const TRUTH_33 = `${VOC}/SegmentationClass/2007_000033.png`;
const EVAL_IDS = ["2007_000033", "2007_000042", "2007_000061"];

/** The CSP's directives as name → sources. */
function directives(csp: string): Map<string, string[]> {
  const entries = csp.split(";").map((d) => d.trim().split(/\s+/));
  return new Map(entries.filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
}

function expectSecurityHeaders(response: APIResponse, path: string) {
  const headers = response.headers();
  const csp = headers["content-security-policy"];
  expect(csp, `${path}: Content-Security-Policy`).toBeTruthy();
  const nonce = csp.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
  expect(csp, path).toBe(contentSecurityPolicy(nonce));

  const policy = directives(csp);
  expect(policy.get("default-src"), path).toEqual(["'self'"]);
  const scripts = policy.get("script-src")!;
  expect(scripts, path).toEqual(expect.arrayContaining(["'self'", "'wasm-unsafe-eval'"]));
  expect(
    scripts.filter((s) => !["'self'", "'wasm-unsafe-eval'"].includes(s) && !s.startsWith("'nonce-")),
    `${path}: script sources other than self, a nonce and wasm-unsafe-eval`,
  ).toEqual([]);
  expect(policy.get("connect-src"), path).toEqual(["'self'"]);
  expect(policy.get("img-src"), path).toEqual(["'self'", "blob:", "data:"]);
  expect(policy.get("media-src"), path).toEqual(["'self'", "blob:"]);
  expect(policy.get("worker-src"), path).toEqual(["'self'", "blob:"]);
  expect(policy.get("frame-ancestors"), path).toEqual(["'none'"]);
  expect(policy.get("object-src"), path).toEqual(["'none'"]);
  expect(policy.get("base-uri"), path).toEqual(["'none'"]);
  const styles = policy.get("style-src")!;
  expect(styles[0], path).toBe("'self'");
  expect(
    styles.slice(1).filter((s) => !/^'sha256-[A-Za-z0-9+/]{43}='$/.test(s)),
    `${path}: style sources`,
  ).toEqual([]);
  expect(policy.get("style-src-attr"), path).toEqual(["'unsafe-inline'"]);
  expect(policy.has("style-src-elem"), path).toBe(false);
  expect(csp.match(/'[a-z-]*unsafe-[a-z-]+'/g), path).toEqual(["'wasm-unsafe-eval'", "'unsafe-inline'"]);

  expect(headers["x-content-type-options"], path).toBe("nosniff");
  expect(headers["referrer-policy"], path).toBe("no-referrer");
  expect(headers["permissions-policy"], path).toBe(PERMISSIONS_POLICY);
  const features = new Map(headers["permissions-policy"].split(", ").map((f) => f.split("=") as [string, string]));
  expect(features.get("camera"), path).toBe("(self)");
  expect(
    [...features.values()].filter((v) => v !== "()"),
    path,
  ).toEqual(["(self)"]);

  expect(headers["cross-origin-opener-policy"], path).toBe("same-origin");
  expect(headers["cross-origin-embedder-policy"], path).toBe("require-corp");
  expect(headers["cross-origin-resource-policy"], path).toBe("same-origin");
  return nonce;
}

test("every kind of response carries the CSP and the security headers", async ({ request }) => {
  const home = await request.get("/");
  const html = await home.text();
  const chunk = html.match(/\/_next\/static\/[^"]+\.js/)?.[0];
  expect(chunk, "a /_next/static script in the page").toBeTruthy();

  const responses: [string, number][] = [
    ["/", 200],
    ["/evaluate", 200],
    [chunk!, 200],
    ["/models/manifest.json", 200],
    ["/ort/ort.wasm.min.mjs", 200],
    ["/no/such/page", 404],
  ];
  for (const [path, status] of responses) {
    const response = path === "/" ? home : await request.get(path);
    expect(response.status(), path).toBe(status);
    expectSecurityHeaders(response, path);
  }

  // Pages get a fresh nonce per response, and Next puts it on every script it renders.
  for (const path of ["/", "/evaluate"]) {
    const [first, second] = [await request.get(path), await request.get(path)];
    const nonce = expectSecurityHeaders(first, path);
    expect(nonce, `${path}: nonce`).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(expectSecurityHeaders(second, path)).not.toBe(nonce);
    const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, path).toBeGreaterThan(0);
    expect(
      scripts.filter((s) => !s.includes(` nonce="${nonce}"`)),
      `${path}: scripts without the nonce`,
    ).toEqual([]);
  }
});

/**
 * Collects CSP violations from the page (every document it loads), from its workers (once each is attached),
 * and CSP or Permissions-Policy errors from the page's console.
 */
async function watchViolations(page: Page) {
  const found: string[] = [];
  const workers: PageWorker[] = [];
  await page.exposeBinding("reportViolation", (_source, text: string) => void found.push(`page: ${text}`));
  await page.addInitScript(() => {
    addEventListener(
      "securitypolicyviolation",
      (e: SecurityPolicyViolationEvent) => {
        const report = (window as unknown as { reportViolation(text: string): void }).reportViolation;
        report(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
      },
      true,
    );
  });
  page.on("worker", (worker) => {
    workers.push(worker);
    worker
      .evaluate(() => {
        const scope = self as unknown as { violations: string[] } & typeof globalThis;
        scope.violations = [];
        addEventListener("securitypolicyviolation", (e: SecurityPolicyViolationEvent) =>
          scope.violations.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
        );
      })
      .catch(() => {});
  });
  page.on("console", (message) => {
    const text = message.text();
    if (/Content.Security.Policy|Permissions.Policy|Refused to/i.test(text)) found.push(`console: ${text}`);
  });
  return {
    workers,
    async all() {
      const inside = await Promise.all(
        workers.map(async (worker) => {
          const seen = await worker
            .evaluate(() => (self as unknown as { violations?: string[] }).violations ?? [])
            .catch(() => []);
          return seen.map((v) => `worker ${new URL(worker.url()).pathname}: ${v}`);
        }),
      );
      return [...found, ...inside.flat()];
    },
  };
}

async function download(page: Page, name: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
  return file.suggestedFilename();
}

test("a full session on both pages, WASM and WebGPU, raises no CSP violation", async ({ page }) => {
  test.setTimeout(600_000);
  const violations = await watchViolations(page);
  const isolated = () => page.evaluate(() => crossOriginIsolated);

  await page.goto("/");
  expect(await isolated()).toBe(true);
  const backend = page.getByLabel("Backend", { exact: true });
  const viewer = page.getByRole("figure", { name: "Segmentation result" });
  const image = page.getByLabel("Upload image", { exact: true });
  await backend.selectOption("WASM");
  await expect(backend).toHaveValue("wasm");
  await image.setInputFiles(GOLDEN_INPUT);
  await expect(viewer).toHaveAttribute("data-runs", "1");
  await expect(page.getByRole("list", { name: "Classes" }).getByRole("button", { name: /^person\b/ })).toBeVisible();
  await expect(page.getByLabel("Execution provider", { exact: true })).toHaveText(/^WASM · \d+ threads?$/);
  // The mask layer's opacity is a style attribute rendered on the server: it must apply.
  const opacity = () =>
    page.getByRole("img", { name: "Segmentation mask" }).evaluate((el) => getComputedStyle(el).opacity);
  expect(await opacity()).toBe("0.6");

  await image.setInputFiles(IMAGE_33);
  await expect(viewer).toHaveAttribute("data-runs", "2");
  await page.getByLabel("Upload ground truth", { exact: true }).setInputFiles(TRUTH_33);
  await expect(page.getByLabel("mIoU", { exact: true })).toHaveText(/^\d+\.\d\d%$/);
  expect(await download(page, "Download mask")).toBe("2007_000033_mask.png");
  expect(await download(page, "Download overlay")).toBe("2007_000033_overlay.png");

  await backend.selectOption("WebGPU");
  await expect(viewer).toHaveAttribute("data-runs", "3", { timeout: 300_000 });
  await expect(page.getByLabel("Execution provider", { exact: true })).toHaveText("WebGPU");
  expect(await isolated()).toBe(true);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Evaluate" }).click();
  await expect(page).toHaveURL(/\/evaluate$/);
  await expect(page.getByLabel("Model", { exact: true })).toBeEnabled();
  await page.getByLabel("Backend", { exact: true }).selectOption("WASM");
  await page
    .getByLabel("Choose images", { exact: true })
    .setInputFiles(EVAL_IDS.map((id) => `${VOC}/JPEGImages/${id}.jpg`));
  await page
    .getByLabel("Choose masks", { exact: true })
    .setInputFiles(EVAL_IDS.map((id) => `${VOC}/SegmentationClass/${id}.png`));
  await expect(page.getByText("3 pairs", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Run evaluation" }).click();
  await expect(page.getByRole("heading", { name: /^Results · Run \d+$/ })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Results/ }).getByLabel("Pairs", { exact: true })).toHaveText("3");
  expect(await download(page, "Download CSV")).toMatch(/\.csv$/);

  // A fresh load of /evaluate (server-rendered with its own nonce) is isolated and hydrates.
  await page.reload();
  // The run is restored from IndexedDB, and its summary has a "Model" too: the select is the combobox.
  await expect(page.getByRole("combobox", { name: "Model" })).toBeEnabled();
  expect(await isolated()).toBe(true);

  // Next's built-in 404 page, with its own <style>.
  expect((await page.goto("/no/such/page"))!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "404" })).toBeVisible();

  const watched = violations.workers.map((w) => new URL(w.url()).pathname);
  expect(watched, "the inference worker and onnxruntime's thread workers were watched").toEqual(
    expect.arrayContaining([expect.stringMatching(/^\/_next\/static\//), "/ort/ort-wasm-simd-threaded.mjs"]),
  );
  expect(await violations.all()).toEqual([]);
});

test("the policy holds: no inline script without the nonce, no eval, WebAssembly allowed", async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto("/");
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "document.body.dataset.injected = 'ran'";
    document.body.append(script);
  });
  await expect
    .poll(() => violations.all())
    .toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^page: script-src-elem blocked inline/),
        expect.stringMatching(/^console: .*Content Security Policy/),
      ]),
    );
  expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();

  // A blob: worker inherits the page's policy; code it runs itself is checked, unlike code run by the test.
  const started = page.waitForEvent("worker");
  await page.evaluate(() => {
    const source = `onmessage = async () => {
      const results = [];
      try { eval("1 + 1"); results.push("eval ran"); } catch (e) { results.push(e.name); }
      try {
        await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
        results.push("wasm compiled");
      } catch (e) { results.push(e.name); }
      postMessage(results);
    };`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
    (window as unknown as { probe: Worker }).probe = worker;
  });
  const worker = await started;
  await expect.poll(() => worker.evaluate(() => "violations" in self)).toBe(true);
  const outcome = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const probe = (window as unknown as { probe: Worker }).probe;
        probe.onmessage = (e) => resolve(e.data);
        probe.postMessage("run");
      }),
  );
  expect(outcome).toEqual(["EvalError", "wasm compiled"]);
  expect(await violations.all()).toContainEqual(expect.stringMatching(/^worker .*: script-src blocked eval/));
});
