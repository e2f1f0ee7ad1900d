import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Pem, SubjectName } from "./x509.js";

/** x509.ts pulls in @peculiar/x509 (about 140 ms of module loading): loaded only when a certificate must be made. */
const x509 = () => import("./x509.js");

/**
 * The serving certificate. Without `--cert`, Lazurite keeps a local certificate authority in its
 * location (`lazurite-ca.pem`, key 0600) and serves a certificate it issued for every name the
 * server answers to; users trust the CA file once. A new name (hostname mode, `--hostname`)
 * means a new serving certificate from the same CA, so nothing needs trusting again. Locations
 * made before the CA existed hold a self-signed certificate, which keeps being served while it
 * covers the names needed.
 */
export interface TlsMaterial {
  /** The served chain (leaf, then the CA), PEM. */
  cert: string;
  key: string;
  /** What clients trust: the CA certificate, or the user's / the legacy self-signed certificate. */
  trustPem: string;
  /** Where `trustPem` is on disk, when it is (for NODE_EXTRA_CA_CERTS). */
  trustPath?: string | undefined;
  /** True when Lazurite made it rather than the user supplying it. */
  generated: boolean;
  /** The names the served certificate covers. */
  names: string[];
}

export const CA_FILE = "lazurite-ca.pem";
export const CA_KEY_FILE = "lazurite-ca-key.pem";
export const CERT_FILE = "lazurite-cert.pem";
export const KEY_FILE = "lazurite-key.pem";

/** The names every generated certificate covers. TLS clients refuse `*.localhost`-style single-label wildcards in some cases, hence `*.face.localhost`. */
export const LOCAL_NAMES: readonly SubjectName[] = [
  { type: "dns", value: "localhost" },
  { type: "dns", value: "*.localhost" },
  { type: "dns", value: "*.face.localhost" },
  { type: "ip", value: "127.0.0.1" },
  { type: "ip", value: "::1" },
];

export interface TlsOptions {
  certFile?: string | undefined;
  keyFile?: string | undefined;
  /** Data directory where the CA and the certificate are kept; undefined when running in memory. */
  location?: string | undefined;
  /** DNS names to cover besides LOCAL_NAMES (hostname mode, --hostname). */
  extraNames?: readonly string[] | undefined;
  now?: Date;
}

/** Whether `pem` covers every name and stays valid another 30 days. */
function covers(pem: string, names: readonly SubjectName[], now: Date): boolean {
  try {
    const c = new X509Certificate(pem);
    const sans = new Set((c.subjectAltName ?? "").split(/,\s*/));
    const fresh = new Date(c.validTo).getTime() > now.getTime() + 30 * 24 * 3600 * 1000;
    return fresh && names.every((n) => (n.type === "dns" ? sans.has(`DNS:${n.value}`) : c.checkIP(n.value) !== undefined));
  } catch {
    return false;
  }
}

function issuedBy(leaf: string, ca: string): boolean {
  try {
    return new X509Certificate(leaf).verify(new X509Certificate(ca).publicKey);
  } catch {
    return false;
  }
}

async function writePrivate(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}

const read = (path: string) => readFile(path, "utf8");

/** The user's certificate, else the one kept in the location (made or renewed as needed), else one in memory. */
export async function loadOrCreateTls(opts: TlsOptions): Promise<TlsMaterial> {
  const now = opts.now ?? new Date();
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) throw new Error("--cert and --key must be given together");
    const [cert, key] = await Promise.all([read(opts.certFile), read(opts.keyFile)]);
    new X509Certificate(cert); // fail early with a clear error on a malformed file
    return { cert, key, trustPem: cert, trustPath: opts.certFile, generated: false, names: [] };
  }
  const names: SubjectName[] = [...LOCAL_NAMES, ...(opts.extraNames ?? []).map((value) => ({ type: "dns" as const, value }))];
  const shown = names.map((n) => n.value);

  if (!opts.location) {
    const { createCa, issueServerCertificate } = await x509();
    const ca = await createCa(now);
    const leaf = await issueServerCertificate(ca, names, now);
    return { cert: leaf.cert + ca.cert, key: leaf.key, trustPem: ca.cert, generated: true, names: shown };
  }

  const path = (f: string) => join(opts.location!, f);
  await mkdir(opts.location, { recursive: true, mode: 0o700 });
  const hasCa = existsSync(path(CA_FILE)) && existsSync(path(CA_KEY_FILE));
  const hasLeaf = existsSync(path(CERT_FILE)) && existsSync(path(KEY_FILE));

  if (!hasCa && hasLeaf) {
    // A location from before the CA: its self-signed certificate stays while it covers what is needed.
    const [cert, key] = await Promise.all([read(path(CERT_FILE)), read(path(KEY_FILE))]);
    if (covers(cert, names, now)) return { cert, key, trustPem: cert, trustPath: path(CERT_FILE), generated: true, names: shown };
  }

  let ca: Pem;
  if (hasCa) ca = { cert: await read(path(CA_FILE)), key: await read(path(CA_KEY_FILE)) };
  else {
    ca = await (await x509()).createCa(now);
    await writePrivate(path(CA_KEY_FILE), ca.key);
    await writeFile(path(CA_FILE), ca.cert, { mode: 0o644 });
  }

  let leaf: Pem | undefined;
  if (hasCa && hasLeaf) {
    const [cert, key] = await Promise.all([read(path(CERT_FILE)), read(path(KEY_FILE))]);
    if (issuedBy(cert, ca.cert) && covers(cert, names, now)) leaf = { cert, key };
  }
  if (!leaf) {
    leaf = await (await x509()).issueServerCertificate(ca, names, now);
    await writePrivate(path(KEY_FILE), leaf.key);
    await writeFile(path(CERT_FILE), leaf.cert, { mode: 0o644 });
  }
  return { cert: leaf.cert + ca.cert, key: leaf.key, trustPem: ca.cert, trustPath: path(CA_FILE), generated: true, names: shown };
}
