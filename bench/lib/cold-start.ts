import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { http } from "../../src/client/http.js";
import { AZURITE_LISTENING, azuriteArgs, azuriteProbe, seedBlobs } from "../peers/azurite.js";
import { median } from "./load.js";
import { seedAccounts } from "./seed.js";

/** A server to start: node's arguments, its ready line (capturing its URL) and the request that must answer 200. */
interface Launch {
  args: string[];
  ready: RegExp;
  probe: (url: string) => string;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export interface ColdStart {
  /** Configuration → ms from spawn to the first 200 (median [min–max]). */
  configs: Record<string, Spread>;
  /** Where it ran: a loopback-only network namespace or the host's network. */
  network: string;
}

/** Milliseconds from spawn to the first 200 of `probe`, polled every 2 ms once the ready line is out. */
export async function spawnToFirst200(l: Launch): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, l.args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  try {
    for (;;) {
      const m = l.ready.exec(out);
      if (m) {
        const r = await http(l.probe(m[1]!), { rejectUnauthorized: false, timeoutMs: 5000 }).catch(() => undefined);
        if (r?.status === 200) return performance.now() - t0;
      }
      if (child.exitCode !== null) throw new Error(`${l.args[0]} exited with ${child.exitCode}:\n${out}`);
      if (performance.now() - t0 > 30_000) throw new Error(`no 200 from ${l.args[0]} in 30 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    await new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  }
}

/** Starts a server, runs `work` against its URL, stops it (to populate a location). */
async function withServer(l: Launch, work: (url: string) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, l.args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  try {
    const url = await new Promise<string>((ok, fail) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = l.ready.exec(out);
        if (m) ok(m[1]!);
      });
      child.once("exit", (code) => fail(new Error(`${l.args[0]} exited with ${code}:\n${out}`)));
    });
    await work(url);
  } finally {
    await new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
  }
}

export interface ColdStartOptions {
  /** Lazurite's bin (what `lazurite` runs). */
  lazuriteBin: string;
  /** Certificate and key Azurite serves (Lazurite makes its own, as a user's first start does). */
  cert: string;
  key: string;
  tmp: string;
  runs: number;
  /** Size of the populated locations: VI accounts for Lazurite, blobs for Azurite. */
  populated: number;
}

const stats = (runs: number[]): Spread => ({ median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs });

/**
 * Lazurite and Azurite, each from an empty location and from a populated one (after a first start
 * and `populated` entities), run i of every configuration before run i+1 of any: interleaved, so a
 * busy spell of the shared machine falls on all alike.
 */
export async function coldStartCompare(o: ColdStartOptions): Promise<Record<string, Spread>> {
  const lazurite = (location: string): Launch => ({
    args: [o.lazuriteBin, "start", "--port", "0", "--location", location, "--log-level", "silent"],
    ready: /listening on (https:\/\/\S+)/,
    probe: (url) => `${url}/_lazurite/health`,
  });
  const azurite = (location: string): Launch => ({
    args: azuriteArgs(location, o.cert, o.key),
    ready: AZURITE_LISTENING,
    probe: azuriteProbe,
  });

  const lazFull = mkdtempSync(join(o.tmp, "laz-populated-"));
  await withServer(lazurite(lazFull), async () => {});
  await seedAccounts({ location: lazFull }, o.populated);
  const azFull = mkdtempSync(join(o.tmp, "azurite-populated-"));
  await withServer(azurite(azFull), (url) => seedBlobs(url, o.populated));

  const configs: Record<string, () => Launch> = {
    lazuriteEmpty: () => lazurite(mkdtempSync(join(o.tmp, "laz-empty-"))),
    lazuritePopulated: () => lazurite(lazFull),
    azuriteEmpty: () => azurite(mkdtempSync(join(o.tmp, "azurite-empty-"))),
    azuritePopulated: () => azurite(azFull),
  };
  // One unmeasured start of each first: the page cache then holds every module, for all alike.
  for (const make of Object.values(configs)) await spawnToFirst200(make());
  const runs = new Map(Object.keys(configs).map((k) => [k, [] as number[]]));
  for (let i = 0; i < o.runs; i++) for (const [k, make] of Object.entries(configs)) runs.get(k)!.push(await spawnToFirst200(make()));
  return Object.fromEntries([...runs].map(([k, r]) => [k, stats(r)]));
}
