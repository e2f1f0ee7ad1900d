import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ADMIN_TOKEN_FILE } from "../config/location-files.js";
import { CA_FILE, CERT_FILE } from "../tls/certificate.js";
import { http } from "../client/http.js";

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
    // The local CA when the location has one (a serving certificate it issued does not anchor trust by itself).
    const caFile = opts.ca ?? [CA_FILE, CERT_FILE].map((f) => join(resolve(opts.location), f)).find((f) => existsSync(f));
    this.ca = caFile && existsSync(caFile) ? readFileSync(caFile, "utf8") : undefined;
  }

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(`/_lazurite/admin${path}`, this.opts.url).toString();
    const r = await http(url, {
      method,
      body,
      ca: this.ca,
      headers: { authorization: `Bearer ${this.token}`, accept: "application/json" },
    });
    const parsed = r.json ?? (r.text === "" ? undefined : r.text);
    if (r.status >= 400) throw new AdminApiError(r.status, parsed);
    return parsed;
  }
}
