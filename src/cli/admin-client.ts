import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { request as httpRequest } from "node:http";
import { join, resolve } from "node:path";
import { ADMIN_TOKEN_FILE } from "../config/location-files.js";
import { CERT_FILE } from "../tls/certificate.js";

export interface ClientOptions {
  url: string;
  adminToken?: string | undefined;
  location: string;
  ca?: string | undefined;
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** Talks to a running server's admin API, finding the token and the CA in the location by default. */
export class AdminClient {
  private readonly token: string;
  private readonly ca: string | undefined;

  constructor(private readonly opts: ClientOptions) {
    const tokenFile = join(resolve(opts.location), ADMIN_TOKEN_FILE);
    const token = opts.adminToken ?? (existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : undefined);
    if (!token)
      throw new Error(
        `no admin token: pass --admin-token, set LAZURITE_ADMIN_TOKEN, or run from the server's location (${tokenFile} not found)`,
      );
    this.token = token;
    const caFile = opts.ca ?? join(resolve(opts.location), CERT_FILE);
    this.ca = existsSync(caFile) ? readFileSync(caFile, "utf8") : undefined;
  }

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(`/_lazurite/admin${path}`, this.opts.url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const send = url.protocol === "http:" ? httpRequest : request;
    return new Promise((ok, fail) => {
      const req = send(
        url,
        {
          method,
          ca: this.ca,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: "application/json",
            ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            if ((res.statusCode ?? 500) >= 400) fail(new AdminApiError(res.statusCode ?? 500, parsed));
            else ok(parsed);
          });
        },
      );
      req.on("error", fail);
      if (payload) req.write(payload);
      req.end();
    });
  }
}
