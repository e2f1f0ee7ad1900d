import { createHash, createPublicKey, X509Certificate } from "node:crypto";
import { calculateJwkThumbprint, type JWK } from "jose";
import type { ClientCertificate } from "../model/entities.js";
import { newGuid } from "../model/ids.js";

/** Parses a PEM certificate or public key into what the assertion verifier looks up by. */
export async function toClientCertificate(pem: string, now: Date): Promise<ClientCertificate> {
  const trimmed = pem.trim() + "\n";
  if (trimmed.includes("BEGIN CERTIFICATE")) {
    const cert = new X509Certificate(trimmed);
    const jwk = cert.publicKey.export({ format: "jwk" }) as JWK;
    return {
      id: newGuid(),
      pem: cert.toString(),
      x5t: createHash("sha1").update(cert.raw).digest("base64url"),
      x5tS256: createHash("sha256").update(cert.raw).digest("base64url"),
      jwkThumbprint: await calculateJwkThumbprint(jwk, "sha256"),
      createdAt: now.toISOString(),
    };
  }
  const key = createPublicKey(trimmed);
  const jwk = key.export({ format: "jwk" }) as JWK;
  return {
    id: newGuid(),
    pem: key.export({ format: "pem", type: "spki" }).toString(),
    jwkThumbprint: await calculateJwkThumbprint(jwk, "sha256"),
    createdAt: now.toISOString(),
  };
}
