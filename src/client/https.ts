import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/** The part of an AbortSignal a caller may hand over (the Azure SDKs pass their own AbortSignalLike). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener?(type: "abort", listener: () => void): void;
  removeEventListener?(type: "abort", listener: () => void): void;
}

export interface HttpsCall {
  url: string | URL;
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** PEM certificate(s) to trust (Lazurite's CA); the system's trust store when absent. */
  ca?: string | undefined;
  signal?: AbortSignalLike | undefined;
  timeoutMs?: number;
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Answers larger than this are refused: everything Lazurite answers is a few kilobytes. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * One HTTP(S) exchange with a Lazurite server, trusting `ca`. node:http(s) rather than fetch:
 * Node's fetch cannot be given a CA per request without a dependency.
 */
export function httpsCall(call: HttpsCall): Promise<HttpsAnswer> {
  const url = typeof call.url === "string" ? new URL(call.url) : call.url;
  const payload = call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body);
  const headers: Record<string, string | number> = { accept: "application/json", ...call.headers };
  if (payload !== undefined) {
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
    headers["content-length"] = Buffer.byteLength(payload);
  }
  const send = url.protocol === "http:" ? httpRequest : httpsRequest;
  return new Promise((ok, fail) => {
    if (call.signal?.aborted) return fail(abortError());
    const req = send(
      url,
      { method: call.method ?? "GET", headers, ca: call.ca, agent: false, timeout: call.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error(`answer from ${url.origin} is larger than ${MAX_ANSWER_BYTES} bytes`));
          else chunks.push(c);
        });
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
        res.on("error", fail);
      },
    );
    const onAbort = () => req.destroy(abortError());
    call.signal?.addEventListener?.("abort", onAbort);
    req.on("close", () => call.signal?.removeEventListener?.("abort", onAbort));
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url.origin} within ${call.timeoutMs ?? 30_000} ms`)));
    req.on("error", fail);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function abortError(): Error {
  const e = new Error("The operation was aborted.");
  e.name = "AbortError";
  return e;
}
