import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { buildUi } from "../scripts/build-ui.js";
import { run } from "./helpers/consumer-project.js";
import { http } from "./helpers/http.js";
import { tempDir } from "./helpers/server.js";
import { TEST_STORE } from "./helpers/store.js";
import { startWorkersProcess, type WorkersProcess } from "./helpers/workers-process.js";

const REPO = resolve(import.meta.dirname, "..");
const FACE = "/face/v1.3-preview.1/settings/getClientAssetsAccessToken";

/**
 * The binary as `npm run build` makes it: tsc's output, the dashboard, and the one-script bundle
 * with its V8 code cache (scripts/bundle.mjs), which dist/server/main.js runs. The rest of the
 * suite runs the TypeScript sources; this file runs what a user starts, with what the bundle
 * changes (module URLs, import(), node:cluster): the dashboard found from the package root and
 * `--workers 2`. The build goes to a folder of its own under node_modules/.cache, so that the
 * bundle finds its external packages (better-sqlite3) as the package's own dist/ would.
 */
describe("the bundled binary (npm run build)", { skip: TEST_STORE === "sqlite" ? false : "SQLite only", timeout: 300_000 }, () => {
  let root: string;
  let dist: string;
  let location: ReturnType<typeof tempDir>;
  let server: WorkersProcess | undefined;
  let ca = "";

  before(async () => {
    mkdirSync(join(REPO, "node_modules/.cache"), { recursive: true });
    root = mkdtempSync(join(REPO, "node_modules/.cache/lazurite-bundle-"));
    dist = join(root, "dist");
    const tsc = await run(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", dist], REPO);
    assert.equal(tsc.code, 0, tsc.out);
    await buildUi(join(dist, "ui"));
    const bundle = await run(process.execPath, [join(REPO, "scripts/bundle.mjs"), dist], REPO);
    assert.equal(bundle.code, 0, bundle.out);
    // Without bin.js the entry point can only run the bundle: a fallback to the modules would fail here.
    rmSync(join(dist, "server/bin.js"));
    location = tempDir();
  });

  after(async () => {
    await server?.kill();
    location?.remove();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("writes the bundle and its code cache", () => {
    assert.ok(existsSync(join(dist, "lazurite.cjs")));
    assert.ok(readFileSync(join(dist, "lazurite.cjs.cache")).length > 100_000);
  });

  it("starts with --workers 2 and answers from the bundle: health, Face by key, the dashboard", async () => {
    server = await startWorkersProcess(
      [join(dist, "server/main.js")],
      ["--port", "0", "--location", location.path, "--log-level", "silent"],
      2,
      {
        ...process.env,
        LAZURITE_ADMIN_TOKEN: "",
      },
    );
    const url = server.url;
    ca = readFileSync(join(location.path, "lazurite-ca.pem"), "utf8");
    assert.equal((await http(`${url}/_lazurite/health`, { ca })).status, 200);
    for (let i = 0; i < 4; i++) {
      const face = await http(`${url}${FACE}`, { ca, headers: { "ocp-apim-subscription-key": DEV.faceKey1 } });
      assert.equal(face.status, 200, face.text);
    }
    const page = await http(`${url}/_lazurite/ui/`, { ca });
    assert.equal(page.status, 200, page.text);
    assert.match(page.text, /<html/i);
  });

  it("stops on SIGTERM and exits 0", async () => {
    const child = server!.child;
    const code = await new Promise<number | null>((r) => {
      child.once("exit", (c) => r(c));
      child.kill("SIGTERM");
    });
    assert.equal(code, 0, server!.output());
  });
});
