import "reflect-metadata"; // @peculiar/x509 resolves its services through tsyringe, which needs it
import * as x509 from "@peculiar/x509";
import assert from "node:assert/strict";
import { createHash, createPrivateKey, webcrypto, type KeyObject } from "node:crypto";
import { createLocalJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTHeaderParameters, type JWTVerifyResult } from "jose";
import { http, type HttpResponse } from "./http.js";
import type { TestServer } from "./server.js";

/** The options every @azure/identity credential needs to talk to a Lazurite server (docs/entra.md#client-requirements). */
export function identityOptions(s: TestServer) {
  return { authorityHost: s.url, disableInstanceDiscovery: true, tlsOptions: { ca: s.certificatePem } };
}

/** A raw form POST to a token endpoint, for the cases no real client sends. */
export function postForm(
  s: TestServer,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return s.call(path, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
}

/** Verifies an Entra token the way a resource server would: the tenant's JWKS, RS256, issuer and audience. */
export async function verifyWithTenantKeys(
  s: TestServer,
  tenantId: string,
  token: string,
  expect: { issuer: string; audience: string },
): Promise<JWTVerifyResult> {
  const jwks = await s.call(`/${tenantId}/discovery/v2.0/keys`);
  assert.equal(jwks.status, 200, jwks.text);
  return jwtVerify(token, createLocalJWKSet(jwks.json), { algorithms: ["RS256"], issuer: expect.issuer, audience: expect.audience });
}

/** Asserts an AADSTS error: status, `error`, code, and the shape every Entra error has. */
export function assertAadError(r: HttpResponse, status: number, error: string, code: number, message?: RegExp): void {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error, error, r.text);
  assert.deepEqual(r.json.error_codes, [code]);
  assert.ok(String(r.json.error_description).startsWith(`AADSTS${code}: `), r.json.error_description);
  if (message) assert.match(r.json.error_description, message);
  assert.match(String(r.headers["content-type"]), /^application\/json; charset=utf-8$/);
  assert.match(String(r.headers["cache-control"]), /no-store/);
  assert.match(r.json.timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  assert.match(r.json.correlation_id, /^[0-9a-f-]{36}$/);
}

export interface TestCertificate {
  certPem: string;
  keyPem: string;
  /** base64url SHA-256 of the DER certificate (`x5t#S256`). */
  x5tS256: string;
  /** A KeyObject rather than the WebCrypto key: it signs with RS* and PS* alike. */
  privateKey: KeyObject;
}

/** A self-signed RSA certificate and its PKCS#8 key, as a developer would upload to an app registration. */
export async function selfSignedRsaCertificate(commonName = "lazurite-test-client"): Promise<TestCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${commonName}`,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 24 * 3600_000),
    signingAlgorithm: alg,
    keys,
  });
  const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  return {
    certPem: cert.toString("pem") + "\n",
    keyPem: keyPem + "\n",
    x5tS256: createHash("sha256").update(Buffer.from(cert.rawData)).digest("base64url"),
    privateKey: createPrivateKey(keyPem),
  };
}

/** A client assertion with the given header and claims; defaults are what msal-node sends (docs/entra.md#token-requests-as-clients-send-them). */
export async function signAssertion(
  key: Parameters<SignJWT["sign"]>[0],
  header: Partial<JWTHeaderParameters> & { alg: string },
  claims: JWTPayload,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ typ: "JWT", ...header }).sign(key);
}

/** The standard claims of an assertion from `clientId` for `audience`, valid from `now` for ten minutes. */
export function assertionClaims(clientId: string, audience: string, now = new Date()): JWTPayload {
  const t = Math.floor(now.getTime() / 1000);
  return { aud: audience, iss: clientId, sub: clientId, jti: crypto.randomUUID(), nbf: t, iat: t, exp: t + 600 };
}

/** A plain-HTTP GET (the managed-identity endpoint is reached without TLS). */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
  return http(url, { headers });
}
