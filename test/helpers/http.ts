import { request as httpsRequest } from "node:https";
import { request as httpRequest } from "node:http";

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  ca?: string;
}

/** A plain HTTPS/HTTP call for tests of our own surfaces (the Azure surfaces use the real SDKs). */
export function http(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  const u = new URL(url);
  const payload = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string | number> = { ...(opts.headers ?? {}) };
  if (payload !== undefined) {
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
    headers["content-length"] = Buffer.byteLength(payload);
  }
  const send = u.protocol === "http:" ? httpRequest : httpsRequest;
  return new Promise((ok, fail) => {
    const req = send(u, { method: opts.method ?? "GET", headers, ca: opts.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
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
    });
    req.on("error", fail);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
