import { request } from "node:https";

export interface Answer {
  status: number;
  text: string;
}

/** A POST to our own loopback server; its certificate is self-signed, so it is not verified here. */
function post(url: string, contentType: string, body: string): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request(
      url,
      { method: "POST", rejectUnauthorized: false, headers: { "content-type": contentType, "content-length": Buffer.byteLength(body) } },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => ok({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", fail);
    req.end(body);
  });
}

export const postForm = (url: string, body: string) => post(url, "application/x-www-form-urlencoded", body);
export const postJson = (url: string, body: string) => post(url, "application/json", body);

export function get(url: string): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request(url, { rejectUnauthorized: false, agent: false }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => ok({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", fail);
    req.end();
  });
}

/** Bytes of the body the server answers to one `spec` request. */
export function responseSize(spec: { url: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(
      spec.url,
      { method: spec.method ?? "GET", rejectUnauthorized: false, agent: false, headers: spec.headers },
      (res) => {
        let n = 0;
        res.on("data", (c: Buffer) => (n += c.length));
        res.on("end", () => ok(n));
      },
    );
    req.on("error", fail);
    req.end(spec.body);
  });
}
