import { http } from "../../src/client/http.js";

export interface Answer {
  status: number;
  text: string;
}

/** Calls to our own loopback servers; their certificates are throwaway self-signed ones, so they are not verified here. */
async function call(url: string, method: string, headers: Record<string, string> | undefined, body?: string): Promise<Answer> {
  const r = await http(url, { method, headers, body, rejectUnauthorized: false });
  return { status: r.status, text: r.text };
}

export const postForm = (url: string, body: string) => call(url, "POST", { "content-type": "application/x-www-form-urlencoded" }, body);
export const postJson = (url: string, body: string) => call(url, "POST", { "content-type": "application/json" }, body);
export const get = (url: string) => call(url, "GET", undefined);

/** Bytes of the body the server answers to one `spec` request. */
export async function responseSize(spec: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<number> {
  const r = await http(spec.url, { method: spec.method ?? "GET", headers: spec.headers, body: spec.body, rejectUnauthorized: false });
  return Buffer.byteLength(r.text);
}
