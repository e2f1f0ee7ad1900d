import { InvalidArgumentError, type Command } from "commander";
import { setTimeout as sleep } from "node:timers/promises";
import type { AdminClient } from "./admin-client.js";
import { clientOptions, type CliIo } from "./program.js";

type Opts = Record<string, unknown>;
type ClientOpts = Record<string, string | string[] | undefined>;

interface EntryView {
  seq: number;
  time: string;
  method: string;
  path: string;
  surface: string;
  operation?: string;
  status: number;
  ms: number;
  principal?: { kind: string; id: string; name?: string };
  trace?: { check: string; explanation: string };
  fault?: string;
}

interface RequestsPage {
  value: EntryView[];
  lastSeq: number;
}

function number(min: number, max: number, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`${integer ? "a whole number" : "a number"} from ${min} to ${max}`);
    }
    return n;
  };
}

/** One request as a line or two: what it was, how it ended, and why it was refused. */
export function describeEntry(e: EntryView): string {
  const who = e.principal ? ` by ${e.principal.name ?? e.principal.id}` : "";
  const op = e.operation ? ` ${e.operation}` : "";
  let line = `#${e.seq} ${e.time} ${e.surface}${op} ${e.method} ${e.path} → ${e.status} in ${e.ms} ms${who}`;
  if (e.fault) line += `\n    fault rule ${e.fault}`;
  if (e.trace) line += `\n    refused at ${e.trace.check}: ${e.trace.explanation}`;
  return line;
}

/** `lazurite requests` (the request inspector) and `lazurite fault add|list|clear` (fault rules). */
export function registerObservabilityCommands(
  program: Command,
  io: Pick<CliIo, "out" | "err" | "signal">,
  connect: (o: ClientOpts) => AdminClient,
): void {
  const print = (v: unknown) => io.out(JSON.stringify(v, null, 2));
  // The connection flags are strings; the command's own flags (numbers, booleans) are not read by it.
  const client = (o: Opts) => connect(o as ClientOpts);

  clientOptions(
    program.command("requests").description("show the last requests a running server answered, with the reason for each refusal"),
  )
    .option("--status <codes>", "status codes or classes, comma-separated (401,4xx)")
    .option("--surface <name>", "arm, face, entra, identity, internal, metrics or admin")
    .option("--since <seqOrTime>", "entries after this sequence number, or from this ISO 8601 time on")
    .option("--limit <n>", "at most the newest n entries", number(1, 100_000, true))
    .option("--follow", "keep printing new requests until stopped")
    .option("--interval <ms>", "with --follow: how often to ask, milliseconds", number(100, 60_000, true), 1000)
    .option("--json", "one JSON object a line")
    .action(async (o: Opts) => {
      const api = client(o);
      const base = new URLSearchParams();
      for (const k of ["status", "surface", "limit"] as const) {
        const v = o[k];
        if (typeof v === "string" || typeof v === "number") base.set(k, String(v));
      }
      let since = typeof o.since === "string" ? o.since : undefined;
      for (;;) {
        const q = new URLSearchParams(base);
        if (since !== undefined) q.set("since", since);
        const page = (await api.call("GET", `/requests?${q.toString()}`)) as RequestsPage;
        for (const e of page.value) io.out(o.json ? JSON.stringify(e) : describeEntry(e));
        if (!o.follow) return;
        // A restarted server numbers from 1 again: start over rather than wait for its count to catch up.
        since = since !== undefined && /^\d+$/.test(since) && Number(since) > page.lastSeq ? "0" : String(page.lastSeq);
        base.delete("limit");
        try {
          await sleep(o.interval as number, undefined, io.signal ? { signal: io.signal } : {});
        } catch {
          return; // stopped
        }
      }
    });

  const fault = program.command("fault").description("fault injection rules on a running server (docs/observability.md)");
  clientOptions(fault.command("add").description("add a rule: matching requests are delayed and/or answered with an error"))
    .option("--surface <name>", "arm, face, entra, identity, internal or metrics")
    .option("--operation <id>", "operation id (ARM operationId, LivenessSessionOperations_GetClientAssetsAccessToken, Token_V2…)")
    .option("--method <method>", "HTTP method")
    .option("--path <glob>", "path glob: * within a segment, ** across segments")
    .option("--principal <id>", "caller's object id, client id or UPN")
    .option("--probability <p>", "chance that a matching request is hit, 0 to 1", number(0, 1, false))
    .option("--count <n>", "hit at most n requests (across every instance)", number(1, 1_000_000, true))
    .option("--latency-ms <ms>", "delay before answering", number(0, 60_000, true))
    .option("--status <code>", "answer with this error status", number(400, 599, true))
    .option("--code <code>", "error code in the surface's envelope")
    .option("--message <text>", "error message")
    .option("--retry-after <seconds>", "Retry-After header (429 default: 1)", number(0, 86_400, true))
    .action(async (o: Opts) => {
      const rule: Record<string, unknown> = {};
      for (const k of ["surface", "operation", "method", "path", "principal", "probability", "count"] as const)
        if (o[k] !== undefined) rule[k] = o[k];
      if (o.latencyMs !== undefined) rule.latency_ms = o.latencyMs;
      if (o.status !== undefined) {
        rule.error = {
          status: o.status,
          ...(o.code !== undefined ? { code: o.code } : {}),
          ...(o.message !== undefined ? { message: o.message } : {}),
          ...(o.retryAfter !== undefined ? { retryAfter: o.retryAfter } : {}),
        };
      } else if (o.code !== undefined || o.message !== undefined || o.retryAfter !== undefined) {
        throw new InvalidArgumentError("--code, --message and --retry-after need --status");
      }
      print(await client(o).call("POST", "/faults", rule));
    });
  clientOptions(fault.command("list").description("list the rules")).action(async (o: Opts) =>
    print(await client(o).call("GET", "/faults")),
  );
  clientOptions(fault.command("clear").description("remove one rule, or all of them").argument("[id]", "the rule to remove")).action(
    async (id: string | undefined, o: Opts) => {
      if (id) {
        await client(o).call("DELETE", `/faults/${encodeURIComponent(id)}`);
        io.out(`removed fault rule ${id}`);
      } else {
        const r = (await client(o).call("DELETE", "/faults")) as { deleted: number };
        io.out(`removed ${r.deleted} fault rule${r.deleted === 1 ? "" : "s"}`);
      }
    },
  );
}
