import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * One small HTTP(S) client for everything in this repository that talks to a Lazurite server
 * over the network itself: the CLI, the tests of Lazurite's own routes, the benchmark. (The
 * Azure surfaces are exercised with the real Azure SDKs instead.)
 */
export interface HttpRequestOptions {
  method?: string | undefined;
  headers?: Record<string, string | number> | undefined;
  /** A string or Buffer is sent as is; anything else as JSON (with `content-type: application/json` unless given). */
  body?: unknown;
  /** PEM of the CA (or self-signed certificate) to trust. */
  ca?: string | undefined;
  /** false only for loopback benchmarks against a throwaway certificate. */
  rejectUnauthorized?: boolean | undefined;
  /** Gives up (and destroys the socket) after this long (default 30 s). */
  timeoutMs?: number | undefined;
  /** Cancels the exchange (the Azure SDKs pass their own AbortSignalLike). */
  signal?: AbortSignalLike | undefined;
}

/** The part of an AbortSignal a caller may hand over. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener?(type: "abort", listener: () => void): void;
  removeEventListener?(type: "abort", listener: () => void): void;
}

/** Answers larger than this are refused: everything Lazurite answers is far smaller. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

function abortError(): Error {
  const e = new Error("The operation was aborted.");
  e.name = "AbortError";
  return e;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
}

function payloadOf(opts: HttpRequestOptions): { data: Buffer | undefined; contentType: string | undefined } {
  if (opts.body === undefined) return { data: undefined, contentType: undefined };
  if (Buffer.isBuffer(opts.body)) return { data: opts.body, contentType: undefined };
  if (typeof opts.body === "string") return { data: Buffer.from(opts.body), contentType: "application/json" };
  return { data: Buffer.from(JSON.stringify(opts.body)), contentType: "application/json" };
}

export function http(url: string | URL, opts: HttpRequestOptions = {}): Promise<HttpResponse> {
  const u = typeof url === "string" ? new URL(url) : url;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const { data, contentType } = payloadOf(opts);
  const headers: Record<string, string | number> = { ...(opts.headers ?? {}) };
  if (data !== undefined) {
    if (contentType && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = contentType;
    headers["content-length"] = data.length;
  }
  const send = u.protocol === "http:" ? httpRequest : httpsRequest;
  return new Promise((ok, fail) => {
    if (opts.signal?.aborted) return fail(abortError());
    const req = send(
      u,
      { method: opts.method ?? "GET", headers, ca: opts.ca, rejectUnauthorized: opts.rejectUnauthorized ?? true, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error(`answer from ${u.origin} is larger than ${MAX_ANSWER_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on("error", fail);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          ok({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${u.origin} within ${timeoutMs} ms`)));
    const onAbort = () => req.destroy(abortError());
    opts.signal?.addEventListener?.("abort", onAbort);
    req.on("close", () => opts.signal?.removeEventListener?.("abort", onAbort));
    req.on("error", fail);
    req.end(data);
  });
}
