// The live_frame row: masks drawn from Chromium's fake camera (a Y4M of VOC images) on the Segment page,
// against MediaPipe's ImageSegmenter in VIDEO mode (segmentForVideo) on the same frames; memory over the run.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import sharp from "sharp";
import { median } from "@/lib/metrics/report";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@/lib/node/chromium";
import { rgbFrame, writeY4m } from "@/lib/node/y4m";

const WIDTH = 640;
const HEIGHT = 480;
/** Faster than any mask rate here, so the camera never limits the page. */
const CAMERA_FPS = 60;

type Drawn = { at: number; latency: number };
const p90 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * 0.9))];

const memory = (page: Page) =>
  page.evaluate(async () => {
    const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
    return p.measureUserAgentSpecificMemory ? (await p.measureUserAgentSpecificMemory()).bytes : NaN;
  });

export interface LiveResult {
  frames: number;
  /** Median ms between masks drawn, after the first 10 s. */
  intervalMs: number;
  latencyMedianMs: number;
  latencyP90Ms: number;
  /** MediaPipe segmentForVideo on the same frames, one after another: median ms between masks. */
  mediapipeMs: number;
  /** MediaPipe live on the same fake camera, measured as ours (bench/peers.html mediapipeLive), after its first 10 s. */
  mediapipeLive: { frames: number; intervalMs: number; latencyMedianMs: number; latencyP90Ms: number };
  memoryAt10s: number;
  memoryAtEnd: number;
  growth: number;
  /** Memory from the 10 s mark to the end: seconds (since the first mask) when asked for, when reported; bytes. */
  memorySeries: [number, number, number][];
  /** How long the page ran live (measured). */
  seconds: number;
}

/**
 * Runs the page live for `seconds` on WASM with `threads`; `peers` is the page with window.peers loaded and
 * `modelUrl` MediaPipe's 257 model there.
 */
export async function liveFrame(
  app: string,
  images: string[],
  threads: number,
  seconds: number,
  peers: Page,
  modelUrl: string,
): Promise<LiveResult> {
  const y4m = join(mkdtempSync(join(tmpdir(), "bench-live-")), "camera.y4m");
  await writeY4m(y4m, images, { width: WIDTH, height: HEIGHT, fps: CAMERA_FPS, framesEach: CAMERA_FPS });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      "--enable-blink-features=ForceEagerMeasureMemory",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${y4m}`,
    ],
  });
  let ours: Drawn[];
  let theirsLive: Drawn[];
  const memorySeries: [number, number, number][] = [];
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app}/?bench&backend=wasm&threads=${threads}`);
    await page.waitForFunction(() => "__deeplabLive" in window);
    await page.getByRole("button", { name: "Start camera" }).click();
    const samples = () =>
      page.evaluate(() => (window as unknown as { __deeplabLive: { samples(): Drawn[] } }).__deeplabLive.samples());
    await page.waitForFunction(
      () => (window as unknown as { __deeplabLive: { samples(): unknown[] } }).__deeplabLive.samples().length > 0,
      null,
      { timeout: 600_000 },
    );
    const start = (await samples())[0].at;
    // Each measurement reports at the next garbage collection (here up to a minute later), so the next is asked
    // for as soon as one reports, until one has been asked for after `seconds`.
    const began = Date.now();
    await page.waitForTimeout(10_000);
    const elapsed = () => Math.round((Date.now() - began) / 1000);
    do {
      const asked = elapsed();
      const bytes = await memory(page);
      memorySeries.push([asked, elapsed(), bytes]);
    } while (memorySeries.at(-1)![0] < seconds);
    ours = (await samples()).filter((d) => d.at >= start + 10_000);
    await page.close();
    // MediaPipe on the same camera in the same browser, once the Segment page is gone.
    const mp = await (await browser.newContext()).newPage();
    await mp.goto(peers.url());
    await mp.waitForFunction(() => "peers" in window);
    await mp.evaluate(
      (url) => (window as unknown as { peers: { mediapipeVideo(u: string): Promise<void> } }).peers.mediapipeVideo(url),
      modelUrl,
    );
    const mpSeconds = Math.min(seconds, 40);
    const theirs = await mp.evaluate(
      (ms) => (window as unknown as { peers: { mediapipeLive(ms: number): Promise<Drawn[]> } }).peers.mediapipeLive(ms),
      mpSeconds * 1000,
    );
    theirsLive = theirs.filter((d) => d.at >= theirs[0].at + 10_000);
  } finally {
    await browser.close();
  }
  const memoryAt10s = memorySeries[0][2];
  const memoryAtEnd = memorySeries.at(-1)![2];
  const intervals = ours.slice(1).map((d, i) => d.at - ours[i].at);
  const latencies = ours.map((d) => d.latency);

  // The camera's frames as lossless PNGs: the same pixels, small enough to hand to the page.
  const frames = await Promise.all(
    images.map(async (file) =>
      (
        await sharp(await rgbFrame(file, WIDTH, HEIGHT), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
          .png()
          .toBuffer()
      ).toString("base64"),
    ),
  );
  await peers.bringToFront();
  await peers.evaluate(
    (url) => (window as unknown as { peers: { mediapipeVideo(u: string): void } }).peers.mediapipeVideo(url),
    modelUrl,
  );
  const rounds = Math.max(2, Math.ceil(Math.min(ours.length, 200) / images.length));
  const mp = await peers.evaluate(
    ([f, r]) =>
      (
        window as unknown as { peers: { mediapipeVideoRun(...a: unknown[]): Promise<number[]> } }
      ).peers.mediapipeVideoRun(f, r),
    [frames, rounds] as const,
  );
  const theirIntervals = theirsLive.slice(1).map((d, i) => d.at - theirsLive[i].at);
  return {
    mediapipeLive: {
      frames: theirsLive.length,
      intervalMs: median(theirIntervals),
      latencyMedianMs: median(theirsLive.map((d) => d.latency)),
      latencyP90Ms: p90(theirsLive.map((d) => d.latency)),
    },
    frames: ours.length,
    intervalMs: median(intervals),
    latencyMedianMs: median(latencies),
    latencyP90Ms: p90(latencies),
    mediapipeMs: median(mp),
    memoryAt10s,
    memoryAtEnd,
    growth: (memoryAtEnd - memoryAt10s) / memoryAt10s,
    memorySeries,
    // Memory measurements can wait for a garbage collection, so the run may last longer than asked.
    seconds: ours.length > 1 ? (ours.at(-1)!.at - ours[0].at) / 1000 + 10 : seconds,
  };
}
