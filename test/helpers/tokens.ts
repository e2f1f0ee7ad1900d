import { randomBytes } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { ISSUERS, KeyService } from "../../src/keys/key-service.js";
import type { Store } from "../../src/store/store.js";

/**
 * Mints Entra-shaped tokens with a tenant's real signing key, for attack and edge-case tests that
 * a real client cannot produce (expired, wrong audience, tampered…). Happy paths use @azure/identity.
 */
export class TokenMint {
  private readonly keys: KeyService;
  constructor(store: Store) {
    this.keys = new KeyService(store);
  }

  claims(tenantId: string, overrides: JWTPayload = {}): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    return {
      aud: "https://management.azure.com/",
      iss: `https://sts.windows.net/${tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      tid: tenantId,
      oid: "1a2e0000-0000-4000-8000-000000000011",
      sub: "1a2e0000-0000-4000-8000-000000000011",
      appid: "1a2e0000-0000-4000-8000-000000000010",
      idtyp: "app",
      ver: "1.0",
      uti: randomBytes(16).toString("base64url"),
      ...overrides,
    };
  }

  async sign(tenantId: string, overrides: JWTPayload = {}, signingTenant = tenantId): Promise<string> {
    const key = await this.keys.activeKey(ISSUERS.entra(signingTenant), "RS256");
    return new SignJWT(this.claims(tenantId, overrides))
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
      .sign(key.privateKey);
  }
}

export function unsigned(header: object, payload: object, signature = ""): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b(header)}.${b(payload)}.${signature}`;
}
