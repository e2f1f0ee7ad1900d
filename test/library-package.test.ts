import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { cleanEnv, consumerLock, lockedVersion, readRepoLock, run } from "./helpers/consumer-project.js";

/**
 * Library mode as a user gets it: this repository built and packed with `npm pack`, installed from
 * the tarball into a fresh project with `npm ci --prefer-offline` (every other package from the
 * npm cache that `npm ci` of this repository filled), then that project's own test runners:
 * node:test, Vitest and Jest, with the real `@azure-rest/core-client` and Face clients, and `tsc` over the
 * shipped .d.ts files.
 *
 * One shortcut, stated: install scripts are skipped and better-sqlite3's native addon is copied
 * from this repository's install (same version, same Node): compiling it again takes minutes.
 */
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** The checks in test/fixtures/consumer/cases.mjs, which each runner there runs. */
const CHECKS = 4;

describe("library mode from an npm pack tarball in a fresh project", { timeout: 600_000 }, () => {
  let work: string;
  let project: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), "lazurite-package-"));
    const staging = join(work, "staging");
    project = join(work, "consumer");
    mkdirSync(staging);
    mkdirSync(project);

    // `npm run build` into a staging copy of the package (the repository's own dist/ is left alone).
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
      name: string;
      version: string;
      license: string;
      dependencies: Record<string, string>;
      bin: Record<string, string>;
      engines: Record<string, string>;
    };
    copyFileSync(join(REPO, "package.json"), join(staging, "package.json"));
    copyFileSync(join(REPO, "README.md"), join(staging, "README.md"));
    const build = await run(
      process.execPath,
      [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", join(staging, "dist")],
      REPO,
    );
    assert.equal(build.code, 0, build.out);
    const pack = await run(NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", project], staging);
    assert.equal(pack.code, 0, pack.out);
    const packed = (
      JSON.parse(pack.out.slice(pack.out.indexOf("["))) as { filename: string; integrity: string; files: { path: string }[] }[]
    )[0]!;
    const shipped = packed.files.map((f) => f.path);
    assert.ok(
      shipped.includes("dist/server/library.d.ts") && shipped.includes("dist/verify/index.d.ts"),
      "the .d.ts files are in the tarball",
    );
    assert.ok(!shipped.some((f) => f.startsWith("src/") || f.startsWith("test/")), "only dist/ and the README are shipped");

    const repoLock = readRepoLock(REPO);
    const exact = (name: string) => lockedVersion(repoLock, name);
    const dependencies = {
      lazurite: `file:${packed.filename}`,
      "@azure-rest/ai-vision-face": exact("@azure-rest/ai-vision-face"),
      "@azure-rest/core-client": exact("@azure-rest/core-client"),
      "@azure/core-auth": exact("@azure/core-auth"),
    };
    const devDependencies = {
      vitest: exact("vitest"),
      jest: exact("jest"),
      typescript: exact("typescript"),
      "@types/node": exact("@types/node"),
    };
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "lazurite-consumer", private: true, type: "module", dependencies, devDependencies }, null, 2),
    );
    const lock = consumerLock(repoLock, {
      name: "lazurite-consumer",
      dependencies,
      devDependencies,
      tarball: {
        name: "lazurite",
        entry: {
          version: pkg.version,
          resolved: `file:${packed.filename}`,
          integrity: packed.integrity,
          license: pkg.license,
          dependencies: pkg.dependencies,
          bin: pkg.bin,
          engines: pkg.engines,
        },
      },
    });
    writeFileSync(join(project, "package-lock.json"), JSON.stringify(lock, null, 2));
    cpSync(join(REPO, "test/fixtures/consumer"), project, { recursive: true });

    const install = await run(NPM, ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], project);
    assert.equal(install.code, 0, install.out);
    const addon = "node_modules/better-sqlite3/build/Release/better_sqlite3.node";
    mkdirSync(dirname(join(project, addon)), { recursive: true });
    copyFileSync(join(REPO, addon), join(project, addon));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("is installed from the tarball, not linked to this repository", () => {
    const installed = JSON.parse(readFileSync(join(project, "node_modules/lazurite/package.json"), "utf8")) as { exports: unknown };
    assert.ok(installed.exports);
    assert.throws(() => readFileSync(join(project, "node_modules/lazurite/src/server/library.ts")), /ENOENT/);
  });

  it("works from node:test", async () => {
    const r = await run(process.execPath, ["--test", "--test-reporter=tap", "node/lazurite.test.mjs"], project);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`# pass ${CHECKS}\\n`));
    assert.match(r.out, /# fail 0/);
  });

  it("type-checks against the shipped .d.ts files", async () => {
    const r = await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], project);
    assert.equal(r.code, 0, r.out);
  });

  it("works from Vitest", async () => {
    const r = await run(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "vitest/"],
      project,
      cleanEnv({ CI: "1", NO_COLOR: "1" }),
    );
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`Tests\\s+${CHECKS} passed`));
  });

  it("works from Jest (ES modules, as Jest runs them with --experimental-vm-modules)", async () => {
    const r = await run(
      process.execPath,
      ["node_modules/jest/bin/jest.js", "--ci", "--colors=false"],
      project,
      cleanEnv({ CI: "1", NO_COLOR: "1", NODE_OPTIONS: "--experimental-vm-modules" }),
    );
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`Tests:\\s+${CHECKS} passed, ${CHECKS} total`));
  });
});
