// The start-up peer of the benchmark: Azurite's blob service (the emulator a user of Azure's
// local tooling starts), spawned from its own package with telemetry off and on loopback only.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { http } from "../../src/client/http.js";

/** The emulator's documented well-known account and key (the same in every Azurite install). */
const ACCOUNT = "devstoreaccount1";
const ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
/** A service version Azurite 3.35 accepts without --skipApiVersionCheck. */
const SERVICE_VERSION = "2021-10-04";

/** The blob service's entry script, from the package's own `bin` map (spawned with node itself: no shell or npx time). */
export function azuriteBlobEntry(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve("azurite/package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { bin: Record<string, string> };
  return join(dirname(pkgFile), pkg.bin["azurite-blob"]!);
}

/** Arguments for `node`: HTTPS with the given certificate, port 0, telemetry off, loopback. */
export function azuriteArgs(location: string, cert: string, key: string): string[] {
  return [
    azuriteBlobEntry(),
    "--silent",
    "--disableTelemetry",
    "--location",
    location,
    "--blobHost",
    "127.0.0.1",
    "--blobPort",
    "0",
    "--cert",
    cert,
    "--key",
    key,
  ];
}

/** Azurite's ready line names its real port. */
export const AZURITE_LISTENING = /successfully listens on (https?:\/\/\S+)/;

/**
 * An account SAS over the blob service, computed with the well-known key. String to sign for
 * service versions from 2020-12-06: account, permissions, services, resource types, start,
 * expiry, IP, protocol, version, encryption scope, each on its own line.
 */
function accountSas(permissions: string): string {
  const expiry = new Date(Date.now() + 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const toSign = [ACCOUNT, permissions, "b", "sco", "", expiry, "", "", SERVICE_VERSION, "", ""].join("\n");
  const sig = createHmac("sha256", Buffer.from(ACCOUNT_KEY, "base64")).update(toSign, "utf8").digest("base64");
  return new URLSearchParams({ sv: SERVICE_VERSION, ss: "b", srt: "sco", se: expiry, sp: permissions, sig }).toString();
}

/** The first-answer probe: List Containers, which answers 200 once the service has loaded its metadata. */
export const azuriteProbe = (url: string) => `${url}/${ACCOUNT}?comp=list&${accountSas("rl")}`;

/** Writes `n` small block blobs into one container, 8 requests in flight. */
export async function seedBlobs(url: string, n: number): Promise<void> {
  const sas = accountSas("rwlc");
  const put = async (path: string, headers: Record<string, string>, body?: Buffer) => {
    const r = await http(`${url}/${ACCOUNT}/${path}&${sas}`, {
      method: "PUT",
      headers: { "x-ms-version": SERVICE_VERSION, "content-length": String(body?.length ?? 0), ...headers },
      body,
      rejectUnauthorized: false,
    });
    if (r.status !== 201) throw new Error(`Azurite answered ${r.status} to PUT ${path}: ${r.text}`);
  };
  await put("bench?restype=container", {});
  const body = Buffer.alloc(256, 7);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await put(
        `bench/blob-${String(i).padStart(6, "0")}?x=1`,
        { "x-ms-blob-type": "BlockBlob", "content-type": "application/octet-stream" },
        body,
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
