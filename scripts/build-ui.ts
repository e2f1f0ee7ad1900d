// Builds the dashboard (ui/) into dist/ui: one JavaScript and one CSS file with content hashes in
// their names, the icon, and index.html pointing at them. esbuild bundles Preact, jose and the
// pages, so nothing is fetched from anywhere else at run time (docs/dashboard.md#how-it-is-built).
// `npm run build` runs it after tsc; the browser tests run it into a temporary directory.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const UI_SOURCE = join(ROOT, "ui");
export const DEFAULT_OUT = join(ROOT, "dist", "ui");

const hashed = (name: string, body: Buffer | string) => {
  const h = createHash("sha256").update(body).digest("hex").slice(0, 10);
  const dot = name.lastIndexOf(".");
  return `${name.slice(0, dot)}-${h}${name.slice(dot)}`;
};

export async function buildUi(outDir: string = DEFAULT_OUT): Promise<{ outDir: string; files: string[] }> {
  await rm(outDir, { recursive: true, force: true });
  const assets = join(outDir, "assets");
  await mkdir(assets, { recursive: true });
  const result = await build({
    entryPoints: { app: join(UI_SOURCE, "src", "main.tsx") },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome110", "firefox115", "safari16"],
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: true,
    sourcemap: "linked",
    legalComments: "linked",
    entryNames: "[name]-[hash]",
    outdir: assets,
    metafile: true,
    logLevel: "warning",
    absWorkingDir: ROOT,
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((f) => /^app-.*\.js$/.test(f));
  const css = outputs.find((f) => /^app-.*\.css$/.test(f));
  if (!js || !css) throw new Error(`the dashboard build made no app script or style sheet: ${outputs.join(", ")}`);
  const iconBody = await readFile(join(UI_SOURCE, "src", "icon.svg"));
  const icon = hashed("icon.svg", iconBody);
  await writeFile(join(assets, icon), iconBody);
  const shell = (await readFile(join(UI_SOURCE, "index.html"), "utf8")).replace("%JS%", js).replace("%CSS%", css).replace("%ICON%", icon);
  await writeFile(join(outDir, "index.html"), shell);
  return { outDir, files: ["index.html", ...outputs.map((f) => `assets/${f}`), `assets/${icon}`] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { outDir, files } = await buildUi(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT);
  console.log(`dashboard built into ${outDir}: ${files.length} files`);
}
