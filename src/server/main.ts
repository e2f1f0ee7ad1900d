#!/usr/bin/env node
// The `lazurite` binary. `npm run build` also bundles bin.ts with esbuild (scripts/bundle.mjs) into
// dist/lazurite.mjs, which starts in well under half the time: one file to load instead of some
// 400 modules to resolve one by one. Without the bundle (a tsc-only build) bin.ts runs as is.
const BUNDLE = new URL("../lazurite.mjs", import.meta.url);

try {
  await import(BUNDLE.href);
} catch (e) {
  const missing = (e as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes(BUNDLE.pathname);
  if (!missing) throw e;
  await import("./bin.js");
}
