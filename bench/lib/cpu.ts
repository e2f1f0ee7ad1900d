// CPU accounting from /proc (Linux): how much CPU a server spent per request, and how much of the
// machine other processes used meanwhile (the benchmark machine is shared, so this is reported).
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ

/** The fields of /proc/<pid>/stat after the command name (index 1 is the parent's pid, 11 and 12 utime and stime). */
function statOf(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** Live children of `pid` (a --workers primary's workers). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    if (statOf(name)?.[1] === String(pid)) out.push(Number(name));
  }
  return out;
}

/** utime + stime of `pid` and its children (all threads, the thread pool included), in ms; 0 once gone. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let ms = 0;
  for (const p of [pid, ...childrenOf(pid)]) {
    const f = statOf(p);
    if (f) ms += ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND;
  }
  return ms;
}

function machineBusyMs(): number {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface CpuWindow {
  /** CPU ms the watched processes used in the window. */
  serverMs: number;
  /** Cores' worth of CPU used by everything else on the machine (the load generator included). */
  otherCores: number;
}

/** Starts a window over the processes `pids` (the load generator is this process). */
export function cpuWindow(pids: readonly number[]): () => CpuWindow {
  const t0 = performance.now();
  const busy0 = machineBusyMs();
  const own0 = process.cpuUsage();
  const server0 = pids.reduce((a, p) => a + processCpuMs(p), 0);
  return () => {
    const wall = performance.now() - t0;
    const serverMs = pids.reduce((a, p) => a + processCpuMs(p), 0) - server0;
    const own = process.cpuUsage(own0);
    const loadGenMs = (own.user + own.system) / 1000;
    const others = Math.max(0, machineBusyMs() - busy0 - serverMs - loadGenMs);
    return { serverMs, otherCores: others / wall };
  };
}
