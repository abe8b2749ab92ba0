// The docs hold together: every relative link in README.md and docs/*.md points to a file that exists (and, into
// a Markdown file, to one of its headings); every generated region has its markers in the file its generator
// writes; the README stays a front door. Reads files only: no shared data, no subprocess, no browser.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, test } from "vitest";
import { findRegion, REGIONS } from "@/scripts/doc-regions";
import { ROOT } from "@/test/helpers/paths";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const DOCS = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];

/** The text without its fenced code blocks: what they hold is an example, not a link or a heading. */
const withoutFences = (text: string) => text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
/** ... and without inline code spans either. */
const prose = (text: string) => withoutFences(text).replace(/`[^`\n]*`/g, "");

/** Every link target: Markdown links and references, and the src, href and srcset of HTML tags. */
function linkTargets(text: string): string[] {
  const body = prose(text);
  const targets = [
    ...[...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...body.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
    ...[...body.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]),
    ...[...body.matchAll(/\ssrcset="([^"]+)"/g)].flatMap((m) => m[1].split(",").map((c) => c.trim().split(/\s+/)[0])),
  ];
  return targets.filter((t) => t && !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** The anchors GitHub gives a Markdown file's headings (with -1, -2… for repeats), and its HTML ids. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of withoutFences(text).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .trim()
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  for (const [, id] of text.matchAll(/\s(?:id|name)="([^"]+)"/g)) out.add(id);
  return out;
}

/** What is wrong with each relative link of `file`, if anything. */
function brokenLinks(file: string, text: string, exists = (path: string) => existsSync(join(ROOT, path))) {
  const problems: string[] = [];
  for (const target of linkTargets(text)) {
    const [rawPath, anchor] = target.split("#", 2);
    const path = rawPath ? normalize(join(dirname(file), decodeURIComponent(rawPath.split("?")[0]))) : file;
    if (path.startsWith("..")) {
      problems.push(`${target}: leaves the repository`);
      continue;
    }
    if (!exists(path)) {
      problems.push(`${target}: ${path} does not exist`);
      continue;
    }
    if (anchor && path.endsWith(".md") && !anchors(path === file ? text : read(path)).has(anchor))
      problems.push(`${target}: ${path} has no heading #${anchor}`);
  }
  return problems;
}

describe("links", () => {
  test.each(DOCS)("every relative link in %s points to a file that exists", (file) => {
    expect(brokenLinks(file, read(file))).toEqual([]);
  });

  test("a broken link, a missing heading and a link out of the repository are caught", () => {
    const text = [
      "[ok](docs/cli.md) [gone](docs/nowhere.md) [heading](docs/cli.md#no-such-heading) [up](../shared/README.md)",
      '<img src="docs/img/missing.png" /> [web](https://example.com/x.md) [mail](mailto:a@b.c) `[code](nope.md)`',
    ].join("\n");
    expect(brokenLinks("README.md", text)).toEqual([
      "docs/nowhere.md: docs/nowhere.md does not exist",
      "docs/cli.md#no-such-heading: docs/cli.md has no heading #no-such-heading",
      "../shared/README.md: leaves the repository",
      "docs/img/missing.png: docs/img/missing.png does not exist",
    ]);
  });

  test("headings give GitHub's anchors", () => {
    const text = "# Speed\n## What `npm run bench` measures\n## Levers, measured\n## Speed\n```\n# not a heading\n```";
    expect([...anchors(text)]).toEqual(["speed", "what-npm-run-bench-measures", "levers-measured", "speed-1"]);
  });

  test("every file in docs/ is linked from the README", () => {
    const linked = new Set(linkTargets(read("README.md")).map((t) => t.split("#")[0]));
    expect(DOCS.filter((f) => f !== "README.md" && !linked.has(f))).toEqual([]);
  });
});

describe("generated regions", () => {
  test.each(Object.entries(REGIONS))("%s: its markers are in the file its generator writes", (name, region) => {
    expect(() => findRegion(read(region.file), region)).not.toThrow();
    // The generator writes it through REGIONS, so the file named here is the one it writes.
    expect(read(region.generator)).toContain(`REGIONS.${name}`);
  });

  test("no file holds a marker of a region that is not its own", () => {
    const stray = DOCS.flatMap((file) =>
      [...read(file).matchAll(/<!-- ([\w-]+):(?:start|end) -->/g)]
        .filter(([marker]) => !Object.values(REGIONS).some((r) => r.file === file && [r.start, r.end].includes(marker)))
        .map(([marker]) => `${file}: ${marker}`),
    );
    expect(stray).toEqual([]);
  });
});

describe("the README is a front door", () => {
  const readme = read("README.md");

  test("its first 60 lines hold the screenshot, the Quick start and the whole feature list", () => {
    const lines = readme.split("\n");
    const head = lines.slice(0, 60).join("\n");
    expect(head).toMatch(/<img src="docs\/img\/[^"]+"/);
    expect(head).toContain("## Quick start");
    const features = lines.indexOf("## Features");
    const next = lines.findIndex((line, i) => i > features && line.startsWith("## "));
    expect(features).toBeGreaterThanOrEqual(0);
    expect(next).toBeGreaterThan(features);
    expect(next).toBeLessThanOrEqual(60);
  });

  test("it stays under 1,200 words", () => {
    expect(readme.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(1200);
  });
});
