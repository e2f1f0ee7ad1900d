import { createHash, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { buildUi } from "../../scripts/build-ui.js";

/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` downloads a browser of its
 * own, which this project does not use): `apt-get install chromium`, as .ci/run does.
 * LAZURITE_CHROMIUM names another binary.
 */
export const CHROMIUM = process.env.LAZURITE_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests skip, or false when they run. */
export const browserSkip: string | false = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set LAZURITE_CHROMIUM (docs/dashboard.md#tests)`;

/** Where the tests put their screenshots (gitignored). */
export const SCREENSHOTS = resolve("test-output", "dashboard");

/** The two widths every page is shown at. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** The dashboard built fresh into a temporary directory (about a second), so a clean clone's tests need no `npm run build`. */
export async function freshUiBuild(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "lazurite-ui-"));
  await buildUi(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** base64 SHA-256 of the certificate's public key: what Chromium's SPKI allow-list takes. */
function spkiHash(certificatePem: string): string {
  const der = new X509Certificate(certificatePem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

export interface Browser {
  context: BrowserContext;
  /** A new tab at the given size. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile that trusts exactly this server's certificate (by its
 * public key; no certificate error is ignored wholesale), with no background network of its own.
 */
export async function launchBrowser(certificatePem: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "lazurite-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--ignore-certificate-errors-spki-list=${spkiHash(certificatePem)}`,
    ],
    viewport: VIEWPORTS.desktop,
    reducedMotion: "reduce",
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  return {
    context,
    page: async (viewport = VIEWPORTS.desktop) => {
      const p = await context.newPage();
      p.setDefaultTimeout(10_000); // a step that waits longer has failed; say so before the test runner's own timeout
      await p.setViewportSize(viewport);
      return p;
    },
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function screenshotDir(): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return SCREENSHOTS;
}

// In-page checks, as source text: they run in the page (Node's type-check has no DOM).

/** The form controls and buttons of the page that have no accessible name (label, aria-label or text). */
export const UNLABELLED_CONTROLS = `[...document.querySelectorAll("input, select, textarea, button")]
  .filter((e) => {
    const name = e.labels && e.labels.length ? [...e.labels].map((l) => l.textContent).join("") : (e.getAttribute("aria-label") || e.textContent || "");
    return name.trim() === "";
  })
  .map((e) => e.outerHTML.slice(0, 120))`;

/**
 * What the page's CSP lets a script do: run a string as code (a string timer), put a string into an
 * HTML sink (both Trusted Types sinks), and reach another origin (connect-src; refused before any
 * packet leaves, and the address is loopback anyway).
 */
export const CSP_PROBE = `(async () => {
  const out = [];
  try { setTimeout("window.__lazuriteEval = 1", 0); out.push("string timer accepted"); } catch (e) { out.push(e.name); }
  try { document.body.insertAdjacentHTML("beforeend", "<b>x</b>"); out.push("HTML string accepted"); } catch (e) { out.push(e.name); }
  try { await fetch("https://127.0.0.2:9/"); out.push("other origin reached"); } catch (e) { out.push("other origin refused"); }
  return out;
})()`;
