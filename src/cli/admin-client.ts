import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { AdminClient } from "../client/admin-client.js";
import { ADMIN_TOKEN_FILE } from "../config/location-files.js";
import { CA_FILE, CERT_FILE } from "../tls/certificate.js";

export { AdminApiError, AdminClient } from "../client/admin-client.js";

/** Where the CLI finds a server: its URL, and the token and certificate in its location unless given. */
export interface ClientOptions {
  url: string;
  adminToken?: string | undefined;
  location: string;
  /** A CA certificate file. */
  ca?: string | undefined;
}

/** The CA to trust: `--ca`, else the certificate the server keeps in its location (none: the system's trust store). */
export function caOf(opts: Pick<ClientOptions, "ca" | "location">): string | undefined {
  // The local CA when the location has one (a serving certificate it issued does not anchor trust by itself).
  const caFile = opts.ca ?? [CA_FILE, CERT_FILE].map((f) => join(resolve(opts.location), f)).find((f) => existsSync(f));
  return caFile && existsSync(caFile) ? readFileSync(caFile, "utf8") : undefined;
}

/** The admin token: `--admin-token`, else `{location}/admin-token`. */
export function adminTokenOf(opts: Pick<ClientOptions, "adminToken" | "location">): string | undefined {
  const tokenFile = join(resolve(opts.location), ADMIN_TOKEN_FILE);
  return opts.adminToken ?? (existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : undefined);
}

/** The typed admin client for a running server, finding the token and the CA in the location by default. */
export function connectAdmin(opts: ClientOptions): AdminClient {
  const token = adminTokenOf(opts);
  if (!token)
    throw new Error(
      `no admin token: pass --admin-token, set LAZURITE_ADMIN_TOKEN, or run from the server's location (${join(resolve(opts.location), ADMIN_TOKEN_FILE)} not found)`,
    );
  return new AdminClient({ url: opts.url, adminToken: token, ca: caOf(opts) });
}
