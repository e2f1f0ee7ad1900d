// `npm run build`, second step: bundles the CLI and server (src/server/bin.ts) into dist/lazurite.mjs,
// which dist/server/main.js (the bin) loads when it is there. Start-up is mostly module loading, and
// one bundle loads in a fraction of the time of ~400 separate ES modules. What start-up does not need
// stays in chunks loaded on first use (the certificate maker, PostgreSQL). The native addon
// (better-sqlite3), pg's optional native and Cloudflare bindings, and what Fastify loads only on use stay outside.
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";

// Chunk names carry a content hash: drop the previous build's so that dist/ holds one bundle.
for (const f of readdirSync("dist", { withFileTypes: true }))
  if (f.isFile() && /^lazurite.*\.mjs(\.map)?$/.test(f.name)) rmSync(`dist/${f.name}`);

await build({
  entryPoints: { lazurite: "src/server/bin.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  chunkNames: "lazurite-[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Fastify requires these only when used: route JSON schemas (Lazurite declares none, app.ts) and
  // inject(); left out, they cost nothing to parse at start and still load from node_modules if ever needed.
  external: [
    "better-sqlite3",
    "pg-native",
    "cloudflare:sockets",
    "@fastify/ajv-compiler",
    "@fastify/fast-json-stringify-compiler",
    "light-my-request",
  ],
  // Less text for V8 to parse at start; identifiers are kept, so stack traces still name functions.
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundled CommonJS packages call require() for Node's built-ins; ES modules have none of their own.
  banner: { js: 'import { createRequire as __lazuriteRequire } from "node:module"; const require = __lazuriteRequire(import.meta.url);' },
  sourcemap: "linked",
  logLevel: "warning",
});
