import { drive } from "./drive.js";
import { sample } from "./requests.js";
import { startServerProcess } from "./server-process.js";
import { devTokens } from "./tokens.js";

/**
 * `npm run fuzz`: generated requests over every surface against one server started with the
 * README's command. Seeded (FUZZ_SEED, default 20261201), bounded in count (FUZZ_REQUESTS, default
 * 100 000) and time (FUZZ_SECONDS, default 600). Fails on any 5xx, any answer outside its surface's
 * envelope, a dead server, or RSS growth over FUZZ_RSS_BUDGET_MB (default 100).
 */
const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const total = Number(process.env.FUZZ_REQUESTS ?? 100_000);
const seconds = Number(process.env.FUZZ_SECONDS ?? 600);
const budgetMb = Number(process.env.FUZZ_RSS_BUDGET_MB ?? 100);

const server = await startServerProcess();
const started = Date.now();
let failed = false;
try {
  // Warm up (caches, keys, JIT) before the memory baseline.
  const tokens = await devTokens(server.url, server.ca);
  await drive(server.url, server.ca, sample(seed + 1, 2000), tokens);
  const rss0 = server.rss();
  const batch = 10_000;
  const totals = { sent: 0, answered: 0, unsendable: 0, unanswered: 0 };
  const byStatus: Record<number, number> = {};
  for (let done = 0; done < total && Date.now() - started < seconds * 1000; done += batch) {
    const r = await drive(server.url, server.ca, sample(seed + done, Math.min(batch, total - done)), tokens);
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
    for (const [s, n] of Object.entries(r.byStatus)) byStatus[Number(s)] = (byStatus[Number(s)] ?? 0) + n;
    if (r.failures.length > 0) {
      failed = true;
      console.log(r.failures.join("\n"));
      break;
    }
    if (!server.alive()) {
      failed = true;
      console.log("the server died");
      break;
    }
    console.log(`${done + batch} requests, RSS ${(server.rss() / 1048576).toFixed(1)} MB`);
  }
  const growth = (server.rss() - rss0) / 1048576;
  console.log(
    JSON.stringify({
      seed,
      ...totals,
      byStatus,
      rssStartMb: +(rss0 / 1048576).toFixed(1),
      rssGrowthMb: +growth.toFixed(1),
      seconds: (Date.now() - started) / 1000,
    }),
  );
  if (growth > budgetMb) {
    failed = true;
    console.log(`RSS grew ${growth.toFixed(1)} MB, over the ${budgetMb} MB budget`);
  }
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
