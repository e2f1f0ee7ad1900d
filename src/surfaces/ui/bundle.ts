import { readdir, readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { extname, join } from "node:path";
import { PACKAGE_ROOT } from "../../package-root.js";

/** One file of the built dashboard, held in memory. */
export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The built dashboard: the HTML shell and the files under assets/, by exact name. */
export interface Bundle {
  index: Asset;
  assets: ReadonlyMap<string, Asset>;
}

/** The dashboard `npm run build` wrote, in the package (the same place under tsx, tsc's output and the bundle). */
export const DEFAULT_UI_DIR = join(PACKAGE_ROOT, "dist", "ui");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json; charset=utf-8",
};

function asset(body: Buffer, name: string): Asset {
  return {
    body,
    type: TYPES[extname(name)] ?? "application/octet-stream",
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
  };
}

/**
 * Reads the bundle `npm run build` wrote (scripts/build-ui.ts) into memory once, at start: a
 * handful of small files, looked up by exact name, so no request path ever reaches the file
 * system. Undefined when the dashboard was not built.
 */
export async function loadBundle(dir: string): Promise<Bundle | undefined> {
  let index: Buffer;
  try {
    index = await readFile(join(dir, "index.html"));
  } catch {
    return undefined;
  }
  const assets = new Map<string, Asset>();
  const names = await readdir(join(dir, "assets")).catch(() => [] as string[]);
  for (const name of names) {
    if (!/^[\w.-]+$/.test(name)) continue;
    assets.set(name, asset(await readFile(join(dir, "assets", name)), name));
  }
  return { index: asset(index, "index.html"), assets };
}
