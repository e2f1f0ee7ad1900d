import { Agent, request } from "node:https";
import { connect } from "node:tls";
import { surfaceOf } from "../../src/server/surfaces.js";
import type { FuzzRequest, Generated, RawRequest } from "./requests.js";

/** What came back for one request. */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FuzzReport {
  sent: number;
  answered: number;
  /** Requests the HTTP client itself refused to send (invalid header characters…). */
  unsendable: number;
  /** Raw requests the server left waiting (incomplete by construction) until the client gave up. */
  unanswered: number;
  byStatus: Record<number, number>;
  /** `surface status` → count. */
  bySurface: Record<string, number>;
  failures: string[];
}

const has = (v: unknown, k: string) => typeof v === "object" && v !== null && k in v;

/** Why `a` is not in `surface`'s envelope, or undefined when it is. */
export function envelopeProblem(surface: string, method: string, a: Answer): string | undefined {
  if (a.status >= 500) return `status ${a.status}`;
  if (method === "HEAD") return a.body.length > 0 ? "HEAD answered with a body" : undefined;
  if (a.status < 400) return undefined;
  let j: unknown;
  try {
    j = JSON.parse(a.body);
  } catch {
    return `not JSON: ${a.body.slice(0, 80)}`;
  }
  const err = (j as { error?: unknown }).error;
  const codeMessage = has(err, "code") && has(err, "message") && typeof (err as { code: unknown }).code === "string";
  switch (surface) {
    case "arm":
    case "admin":
    case "internal":
    case "ui":
      return codeMessage ? undefined : `not {error:{code,message}}: ${a.body.slice(0, 120)}`;
    case "face": {
      if (!codeMessage) return `not {error:{code,message}}: ${a.body.slice(0, 120)}`;
      return a.headers["x-ms-error-code"] === (err as { code: string }).code ? undefined : "x-ms-error-code differs from error.code";
    }
    case "entra":
      return typeof err === "string" ? undefined : `not OAuth {error}: ${a.body.slice(0, 120)}`;
    case "identity":
      return typeof err === "string" || has(j, "statusCode") ? undefined : `not a managed-identity error: ${a.body.slice(0, 120)}`;
    default:
      return `unknown surface ${surface}`;
  }
}

function sendHttp(base: URL, agent: Agent, r: FuzzRequest, ca: string): Promise<Answer | "unsendable"> {
  return new Promise((ok) => {
    let req;
    try {
      // Bodies always carry their length: without it Node sends DELETE/OPTIONS bodies unframed, which is the client's bug, not the server's.
      const headers = r.body === undefined ? r.headers : { ...r.headers, "content-length": String(Buffer.byteLength(r.body)) };
      req = request(
        {
          host: base.hostname,
          port: base.port,
          method: r.method,
          path: r.path,
          headers,
          agent,
          ca,
          servername: "localhost",
          timeout: 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", () => ok("unsendable"));
        },
      );
    } catch {
      return ok("unsendable");
    }
    req.on("error", (e: NodeJS.ErrnoException) =>
      ok(e.code === "ECONNRESET" || e.code === "EPIPE" ? { status: 0, headers: {}, body: "" } : "unsendable"),
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end(r.body);
  });
}

function parseRaw(text: string): Answer | undefined {
  const end = text.indexOf("\r\n\r\n");
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  if (!m || end < 0) return undefined;
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split("\r\n").slice(1)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(m[1]), headers, body: text.slice(end + 4) };
}

function sendRaw(base: URL, r: RawRequest, ca: string): Promise<Answer | undefined> {
  return new Promise((ok) => {
    let text = "";
    const s = connect({ host: base.hostname, port: Number(base.port), ca, servername: "localhost" }, () => s.end(r.bytes));
    const done = () => ok(parseRaw(text));
    s.setTimeout(1500, () => s.destroy());
    s.on("data", (d: Buffer) => (text += d.toString("latin1")));
    s.on("close", done);
    s.on("error", () => undefined);
  });
}

/** The surface a raw request is for, read from its request line (as the server reads it). */
function rawTarget(bytes: Buffer): { surface: string; method: string } {
  const line = /^([A-Z]{1,20}) (\S+) HTTP\/1\.[01]\r?\n/.exec(bytes.subarray(0, 8192).toString("latin1"));
  return { surface: surfaceOf(line?.[2] ?? "/"), method: line?.[1] ?? "GET" };
}

/** Sends every request, `concurrency` at a time, and checks each answer against its surface's envelope. */
export async function drive(
  url: string,
  ca: string,
  requests: Generated[],
  tokens: Record<string, string> = {},
  concurrency = 16,
): Promise<FuzzReport> {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const report: FuzzReport = { sent: 0, answered: 0, unsendable: 0, unanswered: 0, byStatus: {}, bySurface: {}, failures: [] };
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= requests.length) return;
      const r = requests[i]!;
      report.sent++;
      let answer: Answer | "unsendable" | undefined;
      let surface: string;
      let method: string;
      if (r.kind === "http") {
        surface = surfaceOf(r.path, r.headers.host);
        method = r.method;
        const auth = r.headers.authorization?.replace(/\{\{(\w+)\}\}/, (_m, k: string) => tokens[k] ?? "");
        answer = await sendHttp(base, agent, auth === undefined ? r : { ...r, headers: { ...r.headers, authorization: auth } }, ca);
      } else {
        ({ surface, method } = rawTarget(r.bytes));
        answer = await sendRaw(base, r, ca);
      }
      if (answer === "unsendable") {
        report.unsendable++;
        continue;
      }
      if (answer === undefined || answer.status === 0) {
        report.unanswered++;
        continue;
      }
      report.answered++;
      report.byStatus[answer.status] = (report.byStatus[answer.status] ?? 0) + 1;
      report.bySurface[`${surface} ${answer.status}`] = (report.bySurface[`${surface} ${answer.status}`] ?? 0) + 1;
      const problem = envelopeProblem(surface, method, answer);
      if (problem && report.failures.length < 50) {
        const what =
          r.kind === "http" ? `${r.method} ${r.path.slice(0, 160)}` : JSON.stringify(r.bytes.subarray(0, 120).toString("latin1"));
        report.failures.push(`#${i} [${surface}] ${what} → ${answer.status}: ${problem}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return report;
}
