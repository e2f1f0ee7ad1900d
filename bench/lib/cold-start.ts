import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { get } from "./http.js";

export interface ColdStart {
  emptyMs: { median: number; min: number; max: number };
  populatedMs: { median: number; min: number; max: number };
}

/** Milliseconds from spawn to the first 200 from /_lazurite/health. */
async function once(cli: string, location: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, "start", "--port", "0", "--location", location, "--log-level", "silent"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  try {
    for (;;) {
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m) {
        const r = await get(`${m[1]}/_lazurite/health`).catch(() => undefined);
        if (r?.status === 200) return performance.now() - t0;
      }
      if (performance.now() - t0 > 30000) throw new Error(`no health in 30 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    await new Promise<void>((done) => {
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
  }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! };
};

export async function coldStart(cli: string, tmp: string, n: number): Promise<ColdStart> {
  const empty: number[] = [];
  for (let i = 0; i < n; i++) empty.push(await once(cli, mkdtempSync(join(tmp, "cold-"))));
  const populated: number[] = [];
  const loc = mkdtempSync(join(tmp, "warm-"));
  await once(cli, loc);
  for (let i = 0; i < n; i++) populated.push(await once(cli, loc));
  return { emptyMs: stats(empty), populatedMs: stats(populated) };
}
