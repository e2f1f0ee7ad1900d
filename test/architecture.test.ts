import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * The layering of src/, checked on every import statement:
 *  - src/server/ composes; no module outside it imports it;
 *  - the shared machinery below the surfaces never imports a surface, the server or the CLI;
 *  - a surface never imports another surface (what two surfaces share moves down);
 *  - the CLI talks to a server over HTTP and imports neither the server nor a surface.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every relative import of a module, as paths relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [
    ...text.matchAll(
      /(?:^|\s)(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.filter((s) => s.startsWith(".")).map((s) => relative(SRC, resolve(dirname(file), s)));
}

const layerOf = (path: string): string => {
  const [top, second] = path.split("/");
  return top === "surfaces" ? `surfaces/${second}` : top!;
};

describe("architecture", () => {
  const edges = files(SRC).flatMap((f) => importsOf(f).map((to) => ({ from: relative(SRC, f), to })));

  it("finds the imports it checks", () => {
    assert.ok(edges.length > 200, `only ${edges.length} imports found`);
  });

  it("nothing outside src/server/ imports src/server/", () => {
    const bad = edges.filter((e) => layerOf(e.to) === "server" && layerOf(e.from) !== "server");
    assert.deepEqual(bad, []);
  });

  it("the shared machinery below the surfaces imports no surface, no server and no CLI", () => {
    const upper = (l: string) => l.startsWith("surfaces/") || l === "server" || l === "cli";
    const bad = edges.filter((e) => !upper(layerOf(e.from)) && upper(layerOf(e.to)));
    assert.deepEqual(bad, []);
  });

  it("no surface imports another surface", () => {
    const bad = edges.filter((e) => {
      const a = layerOf(e.from);
      const b = layerOf(e.to);
      return a.startsWith("surfaces/") && b.startsWith("surfaces/") && a !== b;
    });
    assert.deepEqual(bad, []);
  });

  it("the CLI imports neither the server nor a surface", () => {
    const bad = edges.filter((e) => layerOf(e.from) === "cli" && (layerOf(e.to) === "server" || layerOf(e.to).startsWith("surfaces/")));
    assert.deepEqual(bad, []);
  });
});
