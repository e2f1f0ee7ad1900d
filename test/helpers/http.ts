import { http as request, type HttpResponse as ClientResponse } from "../../src/client/http.js";

/** The tests' view of an answer: `json` typed loosely, since tests assert on it right away. */
export interface HttpResponse extends Omit<ClientResponse, "json"> {
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
  return request(url, opts);
}
