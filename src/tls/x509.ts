import "reflect-metadata"; // @peculiar/x509 resolves its services through tsyringe, which needs it
import * as x509 from "@peculiar/x509";
import { webcrypto } from "node:crypto";

/**
 * Certificate generation with WebCrypto and @peculiar/x509, so no openssl binary is needed:
 * Lazurite's local certificate authority, and the serving certificates it issues.
 */
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 24 * 3600 * 1000;

export interface Pem {
  cert: string;
  key: string;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString("hex")
    .replace(/^[89a-f]/, "1");
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", key), "PRIVATE KEY") + "\n";
}

async function importKey(pem: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey("pkcs8", x509.PemConverter.decode(pem)[0]!, ALG, false, ["sign"]);
}

/** A new CA, valid ten years, that may sign server certificates only (path length 0). */
export async function createCa(now = new Date()): Promise<Pem> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: "CN=Lazurite local CA, O=Lazurite",
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString("pem") + "\n", key: await exportKey(keys.privateKey) };
}

/** A name a certificate covers: a DNS name (wildcards allowed) or an IP address. */
export type SubjectName = { type: "dns" | "ip"; value: string };

/** A server certificate for `names`, issued by `ca`, valid 825 days (the longest Apple clients accept). */
export async function issueServerCertificate(ca: Pem, names: readonly SubjectName[], now = new Date()): Promise<Pem> {
  const issuer = new x509.X509Certificate(ca.cert);
  const keys = await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: "CN=Lazurite, O=Lazurite",
    issuer: issuer.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(Math.min(now.getTime() + 825 * DAY, issuer.notAfter.getTime())),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: await importKey(ca.key),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(
        names.map((n) => ({ type: n.type, value: n.value })),
        false,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer, false),
    ],
  });
  return { cert: cert.toString("pem") + "\n", key: await exportKey(keys.privateKey) };
}
