// `npm run build`, second step: bundles the CLI and server (src/server/bin.ts) into one CommonJS
// script, dist/lazurite.cjs, and makes its V8 code cache, dist/lazurite.cjs.cache, by starting it
// once (in memory, on a loopback port) and asking for its health. dist/server/main.js (the bin)
// runs the bundle from that cache when both are there. Start-up is mostly module loading: one
// script compiled from a cache loads in a fraction of the time of ~400 ES modules.
//
// Left outside: the native addon (better-sqlite3), pg's optional native and Cloudflare bindings,
// and what Fastify loads only when used (route JSON schemas, which Lazurite declares none of, and
// inject()); they still load from node_modules if ever needed.
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { get } from "node:https";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

// The output folder: dist/, or the one given (test/bundle.test.ts bundles into a folder of its own).
const DIST = process.argv[2] ?? "dist";
const BUNDLE = join(DIST, "lazurite.cjs");
const CACHE = `${BUNDLE}.cache`;
for (const f of [BUNDLE, `${BUNDLE}.map`, CACHE]) if (existsSync(f)) rmSync(f);

await build({
  entryPoints: [fileURLToPath(new URL("../src/server/bin.ts", import.meta.url))],
  outfile: BUNDLE,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: [
    "better-sqlite3",
    "pg-native",
    "cloudflare:sockets",
    "@fastify/ajv-compiler",
    "@fastify/fast-json-stringify-compiler",
    "light-my-request",
  ],
  // Lazurite's modules find package.json and their lazily required packages from their own URL:
  // in the bundle that is the bundle's, one level below the package root like dist/*.js.
  define: { "import.meta.url": "__lazuriteBundleUrl" },
  banner: { js: 'const __lazuriteBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  // Less text to read and hash; identifiers are kept, so stack traces still name functions.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  logLevel: "warning",
});

// The code cache: one start that answers its health check, then SIGTERM (the cache is written at exit).
await new Promise((ok, fail) => {
  const child = spawn(
    process.execPath,
    [join(DIST, "server/main.js"), "start", "--in-memory", "--host", "127.0.0.1", "--port", "0", "--log-level", "silent"],
    {
      env: { ...process.env, LAZURITE_CODE_CACHE_OUT: CACHE },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  let out = "";
  child.stdout.on("data", (c) => {
    out += c;
    const m = /listening on (https:\/\/\S+)/.exec(out);
    if (!m || out.includes("\u0000")) return;
    out += "\u0000";
    get(`${m[1]}/_lazurite/health`, { rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on("end", () => child.kill("SIGTERM"));
    }).on("error", () => child.kill("SIGTERM"));
  });
  child.once("exit", () => {
    clearTimeout(timer);
    if (existsSync(CACHE)) ok();
    else fail(new Error(`no code cache was written:\n${out}`));
  });
});
