import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A consumer project's package-lock.json cut from this repository's own lock: the packages the
 * consumer needs, at the paths and versions `npm ci` of this repository installed (and so put in
 * the npm cache), so that `npm ci --prefer-offline` there resolves nothing and downloads nothing.
 */

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [k: string]: unknown;
}

export interface RepoLock {
  packages: Record<string, LockEntry>;
}

export function readRepoLock(repo: string): RepoLock {
  return JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as RepoLock;
}

export function lockedVersion(lock: RepoLock, name: string): string {
  const v = lock.packages[`node_modules/${name}`]?.version;
  if (!v) throw new Error(`${name} is not in this repository's package-lock.json`);
  return v;
}

/** Node's resolution over lock paths: the nearest `node_modules/{name}` from `from` upwards. */
function resolveFrom(lock: RepoLock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const i = base.lastIndexOf("/node_modules/");
    base = i < 0 ? "" : base.slice(0, i);
  }
}

export interface ConsumerLockInput {
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** The tarball dependency: its name, lock entry (version, resolved, integrity…) and its own dependencies. */
  tarball: { name: string; entry: LockEntry };
}

export function consumerLock(repo: RepoLock, input: ConsumerLockInput): Record<string, unknown> {
  const packages: Record<string, LockEntry> = {};
  const queue: { from: string; deps: string[] }[] = [
    { from: "", deps: Object.keys({ ...input.dependencies, ...input.devDependencies }).filter((d) => d !== input.tarball.name) },
    { from: "", deps: Object.keys(input.tarball.entry.dependencies ?? {}) },
  ];
  while (queue.length > 0) {
    const { from, deps } = queue.shift()!;
    for (const dep of deps) {
      const path = resolveFrom(repo, from, dep);
      if (!path || packages[path]) continue;
      const { dev: _d, devOptional: _o, peer: _p, ...entry } = repo.packages[path]!;
      packages[path] = entry;
      const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).flatMap(([n, m]) => (m.optional ? [n] : [])));
      const next = [
        ...Object.keys(entry.dependencies ?? {}),
        ...Object.keys(entry.optionalDependencies ?? {}),
        // Peers are followed when the repository has them installed (optional ones it lacks are skipped).
        ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers.has(n) || resolveFrom(repo, path, n)),
      ];
      queue.push({ from: path, deps: next });
    }
  }
  return {
    name: input.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: input.name, dependencies: input.dependencies, devDependencies: input.devDependencies },
      [`node_modules/${input.tarball.name}`]: input.tarball.entry,
      ...packages,
    },
  };
}

/** The environment for a nested npm: without the npm_* variables of an enclosing `npm test` (its prefix, its lifecycle). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set([
    "npm_config_cache",
    "npm_config_offline",
    "npm_config_registry",
    "npm_config_userconfig",
    "npm_config_globalconfig",
  ]);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.toLowerCase().startsWith("npm_") && !keep.has(k.toLowerCase())) continue;
    // NODE_TEST_CONTEXT would make a nested `node --test` think it runs inside this one, and skip its files.
    if (k === "INIT_CWD" || k === "NODE_OPTIONS" || k === "NODE_TEST_CONTEXT") continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export interface Run {
  code: number | null;
  out: string;
}

/** Runs a command to completion, collecting stdout and stderr together; never rejects on a non-zero exit. */
export function run(command: string, args: string[], cwd: string, env = cleanEnv(), timeoutMs = 300_000): Promise<Run> {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", fail);
    child.on("exit", (code) => {
      clearTimeout(timer);
      ok({ code, out });
    });
  });
}
