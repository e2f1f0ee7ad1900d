import { createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from "jose";
import { aadErrors, type AadErrorContext } from "./errors.js";
import type { Application, ClientCertificate } from "../../model/entities.js";

/** RFC 7523's client-assertion type, the only one Entra accepts for a JWT. */
export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * Signature algorithms accepted on a client assertion. Entra documents RS256/384/512 but also
 * takes the PS256 that msal-node signs certificate assertions with; ES256 is accepted here so
 * that a bare EC public key can be registered (Entra itself has no such credential).
 */
export const ASSERTION_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256"] as const;

/** Clock skew tolerated on `exp` and `nbf`, Entra's five minutes. */
export const ASSERTION_SKEW_SECONDS = 300;

const ENTRA_PUBLIC_ORIGIN = "https://login.microsoftonline.com";

function normaliseUrl(url: string): string {
  return url.toLowerCase().replace(/\/+$/, "");
}

/**
 * Every `aud` an assertion for this tenant may carry: the v1 and v2 token endpoints, under this
 * server's origin or under login.microsoftonline.com (an assertion minted for the real authority
 * by tooling that cannot be repointed), naming the tenant by GUID, by domain or as the request did.
 */
export function assertionAudiences(origin: string, tenantNames: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const base of [origin, ENTRA_PUBLIC_ORIGIN]) {
    for (const seg of new Set(tenantNames.map((n) => n.toLowerCase()))) {
      for (const path of ["/oauth2/v2.0/token", "/oauth2/token"]) out.add(normaliseUrl(`${base}/${seg}${path}`));
    }
  }
  return out;
}

/** The registered credential the assertion header points at, by `x5t#S256`, `x5t` or `kid`. */
export function findAssertionCertificate(app: Application, header: ProtectedHeaderParameters): ClientCertificate | undefined {
  const x5tS256 = typeof header["x5t#S256"] === "string" ? header["x5t#S256"] : undefined;
  const x5t = typeof header.x5t === "string" ? header.x5t : undefined;
  const kid = typeof header.kid === "string" ? header.kid : undefined;
  return app.certificates.find(
    (c) =>
      (x5tS256 !== undefined && c.x5tS256 === x5tS256) || (x5t !== undefined && c.x5t === x5t) || (kid !== undefined && kidMatches(c, kid)),
  );
}

/**
 * A `kid` may be the RFC 7638 thumbprint, either certificate thumbprint in base64url, or the
 * SHA-1 thumbprint in hex as Windows shows it (what MSAL.NET and many hand-written clients send).
 */
function kidMatches(c: ClientCertificate, kid: string): boolean {
  if (kid === c.jwkThumbprint || kid === c.x5t || kid === c.x5tS256) return true;
  return c.x5t !== undefined && kid.toLowerCase() === Buffer.from(c.x5t, "base64url").toString("hex");
}

function publicKeyOf(c: ClientCertificate): KeyObject {
  return c.pem.includes("BEGIN CERTIFICATE") ? new X509Certificate(c.pem).publicKey : createPublicKey(c.pem);
}

function hasThumbprintOrKid(h: ProtectedHeaderParameters): boolean {
  return [h["x5t#S256"], h.x5t, h.kid].some((v) => typeof v === "string" && v.length > 0);
}

/** A NumericDate that a Date can hold (the AADSTS700024 text prints it). */
function numericClaim(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= 8.64e12 ? v : undefined;
}

export interface AssertionCheck {
  /** The requesting application: its certificates verify, its client id must be `iss` and `sub`. */
  app: Application;
  /** Accepted `aud` values (see `assertionAudiences`). */
  audiences: Set<string>;
  /** The endpoint the request came to, quoted in the audience error. */
  endpoint: string;
  c: AadErrorContext;
}

/**
 * Verifies a client assertion (RFC 7523) the way Entra does: header first (algorithm, key
 * reference), then the signature with the registered certificate or key, then the claims
 * (`iss` = `sub` = client id, `aud` = the token endpoint, `exp`/`nbf` within five minutes).
 * Throws the matching AADSTS error; returns nothing on success.
 */
export async function verifyClientAssertion(assertion: string, k: AssertionCheck): Promise<void> {
  const { c } = k;
  if (assertion.split(".").length !== 3) throw aadErrors.malformedJwt(c);
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw aadErrors.malformedJwt(c);
  }
  const alg = typeof header.alg === "string" ? header.alg : "";
  if (!(ASSERTION_ALGORITHMS as readonly string[]).includes(alg)) throw aadErrors.assertionAlgorithm(c, alg);
  if (!hasThumbprintOrKid(header)) throw aadErrors.assertionNoKeyId(c);

  const cert = findAssertionCertificate(k.app, header);
  if (!cert) throw aadErrors.assertionKeyNotRegistered(c, k.app.clientId, false);
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(assertion, publicKeyOf(cert), { algorithms: [alg] }));
  } catch {
    // Wrong key type for the algorithm, a weak key or a bad signature: the key was found but did not verify.
    throw aadErrors.assertionKeyNotRegistered(c, k.app.clientId, true);
  }

  let claims: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payloadBytes).toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    claims = parsed as Record<string, unknown>;
  } catch {
    throw aadErrors.malformedJwt(c);
  }
  for (const field of ["iss", "aud", "sub", "exp"]) {
    if (claims[field] === undefined) throw aadErrors.assertionMissingField(c, field);
  }
  const clientId = k.app.clientId.toLowerCase();
  if (String(claims.iss).toLowerCase() !== clientId || String(claims.sub).toLowerCase() !== clientId) {
    throw aadErrors.assertionClientMismatch(c);
  }
  const auds = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map(String);
  if (!auds.some((a) => k.audiences.has(normaliseUrl(a)))) throw aadErrors.assertionAudience(c, auds.join(","), k.endpoint);

  const exp = numericClaim(claims.exp);
  const nbf = numericClaim(claims.nbf);
  if (exp === undefined) throw aadErrors.malformedJwt(c);
  const now = c.now.getTime() / 1000;
  if (now > exp + ASSERTION_SKEW_SECONDS || (nbf !== undefined && now < nbf - ASSERTION_SKEW_SECONDS)) {
    throw aadErrors.assertionTimeRange(c, new Date((nbf ?? 0) * 1000), new Date(exp * 1000));
  }
}
