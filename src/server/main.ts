#!/usr/bin/env node
// The `lazurite` binary. Start-up is mostly loading code, so `npm run build` also bundles bin.ts
// into one CommonJS script, dist/lazurite.cjs, with a V8 code cache beside it made by one start at
// build time (scripts/bundle.mjs): this file then compiles the bundle from that cache rather than
// parsing some 400 modules. V8 refuses a cache made by another Node version or with other flags
// (the bundle is then compiled from source, as usual). Without a bundle (a tsc-only build) bin.ts
// runs as is.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { constants as vmConstants, Script } from "node:vm";

const BUNDLE = fileURLToPath(new URL("../lazurite.cjs", import.meta.url));
const CODE_CACHE = `${BUNDLE}.cache`;

function runBundle(): void {
  const source = readFileSync(BUNDLE, "utf8");
  const cachedData = existsSync(CODE_CACHE) ? readFileSync(CODE_CACHE) : undefined;
  // CommonJS's own wrapper, on the bundle's first line so that line numbers stay as they are.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
    // import() inside the bundle loads as it would in a module (the constant exists from Node 20.12).
    ...(vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  // Set by the build only: the cache is written at exit, so it holds every function start-up compiled.
  const out = process.env.LAZURITE_CODE_CACHE_OUT;
  if (out) process.once("exit", () => writeFileSync(out, script.createCachedData()));
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
}

if (existsSync(BUNDLE)) runBundle();
else await import("./bin.js");
