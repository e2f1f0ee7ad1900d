import "reflect-metadata"; // @peculiar/x509 resolves its services through tsyringe, which needs it
import * as x509 from "@peculiar/x509";
import { webcrypto, X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface TlsMaterial {
  cert: string;
  key: string;
  /** Where the certificate lives on disk, when it does (for NODE_EXTRA_CA_CERTS). */
  certPath?: string | undefined;
  /** True when Lazurite generated it (self-signed) rather than the user supplying it. */
  generated: boolean;
}

export const CERT_FILE = "lazurite-cert.pem";
export const KEY_FILE = "lazurite-key.pem";

/**
 * A self-signed certificate for localhost, 127.0.0.1 and ::1, made with WebCrypto so no openssl
 * binary is needed. It is its own CA, so trusting the certificate file is enough.
 */
export async function generateSelfSigned(now = new Date()): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + 825 * 24 * 3600 * 1000); // the longest lifetime Apple clients accept
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
      .toString("hex")
      .replace(/^[89a-f]/, "1"),
    name: "CN=Lazurite development certificate, O=Lazurite",
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(
        [
          { type: "dns", value: "localhost" },
          { type: "dns", value: "*.localhost" },
          // TLS clients refuse `*.tld` wildcards, so product-style Face endpoints use {name}.face.localhost.
          { type: "dns", value: "*.face.localhost" },
          { type: "ip", value: "127.0.0.1" },
          { type: "ip", value: "::1" },
        ],
        false,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  const key = x509.PemConverter.encode(pkcs8, "PRIVATE KEY");
  return { cert: cert.toString("pem") + "\n", key: key + "\n" };
}

export interface TlsOptions {
  certFile?: string | undefined;
  keyFile?: string | undefined;
  /** Data directory where a generated certificate is kept; undefined when running in memory. */
  location?: string | undefined;
}

/** The user's certificate, else the one kept in the location, else a new self-signed one. */
export async function loadOrCreateTls(opts: TlsOptions): Promise<TlsMaterial> {
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) throw new Error("--cert and --key must be given together");
    const [cert, key] = await Promise.all([readFile(opts.certFile, "utf8"), readFile(opts.keyFile, "utf8")]);
    new X509Certificate(cert); // fail early with a clear error on a malformed file
    return { cert, key, certPath: opts.certFile, generated: false };
  }
  if (!opts.location) return { ...(await generateSelfSigned()), generated: true };
  const certPath = join(opts.location, CERT_FILE);
  const keyPath = join(opts.location, KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const [cert, key] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
    return { cert, key, certPath, generated: true };
  }
  await mkdir(opts.location, { recursive: true, mode: 0o700 });
  const made = await generateSelfSigned();
  await writeFile(keyPath, made.key, { mode: 0o600 });
  await chmod(keyPath, 0o600);
  await writeFile(certPath, made.cert, { mode: 0o644 });
  return { ...made, certPath, generated: true };
}
