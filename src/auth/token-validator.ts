import { readFile } from "node:fs/promises";
import {
  errors as joseErrors,
  jwtVerify,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type JWTVerifyGetKey,
  type ProtectedHeaderParameters,
} from "jose";
import { ISSUERS, type KeyService } from "../keys/key-service.js";
import { tenantOfIssuer } from "../core/azure.js";
import { BearerError } from "./errors.js";
import { hasDuplicateKeys } from "./strict-json.js";
import type { Principal } from "./principal.js";

/** Entra ID signs access tokens with RS256 only; nothing else is accepted (no `none`, no HMAC). */
export const ENTRA_TOKEN_ALGORITHMS = ["RS256"] as const;

export interface TokenValidatorOptions {
  now: () => Date;
  /** Clock skew tolerated on exp/nbf, seconds. */
  skewSeconds?: number;
  /** JWKS files or URLs of external issuers (real Entra tenants) to trust. */
  trustedJwks?: string[];
  /** Accept tokens whose signature cannot be checked (no key for them); aud and expiry are still checked. */
  loose?: boolean;
  /** Bound on cached validations. */
  cacheSize?: number;
  /** Told whether each signature check was answered by the cache (metrics). */
  onCacheLookup?: ((hit: boolean) => void) | undefined;
}

interface Verified {
  payload: JWTPayload;
  expiresAt: number;
}

/** A cached validation: the whole token it was for, so that a hit is for exactly these bytes. */
interface Cached extends Verified {
  token: string;
}

/** The token of a well-formed `Bearer <token>` header, cheaply: undefined sends the caller to the full parse (bearerOf). */
function plainBearer(header: string | string[] | undefined): string | undefined {
  if (typeof header !== "string" || header.length < 8 || header.charCodeAt(6) !== 32) return undefined;
  if (!header.startsWith("Bearer") && header.slice(0, 6).toLowerCase() !== "bearer") return undefined;
  const token = header.slice(7);
  return token.charCodeAt(0) === 32 || token.charCodeAt(token.length - 1) === 32 ? undefined : token;
}

/**
 * Validates bearer tokens issued by the emulated Entra ID (and, if configured, external issuers).
 * The signature check, the expensive part, is cached until the token expires; the claim checks
 * (expiry, audience) run on every call because they depend on the clock and surface. The cache is
 * keyed by the token's signature segment (no hashing per request) and holds the whole token, which
 * a hit must equal byte for byte: a signature pasted onto other bytes never finds their entry.
 */
export class TokenValidator {
  private readonly cache = new Map<string, Cached>();
  private readonly skew: number;
  private readonly cacheSize: number;
  private external: JWTVerifyGetKey[] = [];

  constructor(
    private readonly keys: KeyService,
    private readonly opts: TokenValidatorOptions,
  ) {
    this.skew = opts.skewSeconds ?? 300;
    this.cacheSize = opts.cacheSize ?? 10_000;
  }

  /** Loads external JWKS sources (files now; URLs are fetched lazily by jose and cached). */
  async init(): Promise<void> {
    this.external = [];
    for (const src of this.opts.trustedJwks ?? []) {
      if (/^https?:\/\//.test(src)) this.external.push(createRemoteJWKSet(new URL(src)));
      else this.external.push(createLocalJWKSet(JSON.parse(await readFile(src, "utf8")) as Parameters<typeof createLocalJWKSet>[0]));
    }
  }

  /** Parses the header value; throws `missing` or `malformed_header`. */
  static bearerOf(header: string | string[] | undefined): string {
    if (header === undefined || header === "") throw new BearerError("missing");
    if (Array.isArray(header)) throw new BearerError("malformed_header");
    const m = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i.exec(header);
    if (!m) throw new BearerError("malformed_header");
    return m[1]!;
  }

  async validate(header: string | string[] | undefined, audiences: readonly string[]): Promise<Principal> {
    // A token seen before skips the header's full parse: equal to a cached token, it is well formed.
    const plain = plainBearer(header);
    const cached = plain !== undefined ? this.cached(plain) : undefined;
    const verified = cached ?? (await this.verifySignature(TokenValidator.bearerOf(header)));
    const now = this.opts.now();
    const p = verified.payload;
    if (typeof p.exp !== "number") throw new BearerError("invalid");
    if (p.exp + this.skew < now.getTime() / 1000) throw new BearerError("expired", { expiresAt: new Date(p.exp * 1000), now });
    if (typeof p.nbf === "number" && p.nbf - this.skew > now.getTime() / 1000) throw new BearerError("not_yet_valid");
    // Issued in the future (beyond the skew): no honest issuer does that.
    if (p.iat !== undefined && (typeof p.iat !== "number" || p.iat - this.skew > now.getTime() / 1000))
      throw new BearerError("not_yet_valid");
    const aud = typeof p.aud === "string" ? p.aud : Array.isArray(p.aud) ? p.aud[0] : undefined;
    if (!aud || !audiences.includes(aud)) throw new BearerError("audience", { audience: aud ?? "" });
    const oid = typeof p.oid === "string" ? p.oid : undefined;
    if (!oid && !p.puid && !p.altsecid) throw new BearerError("no_identity");
    const idtyp = p.idtyp === "user" || (p.idtyp === undefined && (p.upn || p.scp)) ? "user" : "app";
    return {
      kind: idtyp,
      tenantId: (typeof p.tid === "string" ? p.tid : "").toLowerCase(),
      objectId: (oid ?? String(p.puid ?? p.altsecid)).toLowerCase(),
      clientId: typeof p.appid === "string" ? p.appid : typeof p.azp === "string" ? p.azp : undefined,
      userPrincipalName: typeof p.upn === "string" ? p.upn : typeof p.preferred_username === "string" ? p.preferred_username : undefined,
      issuer: String(p.iss ?? ""),
      audience: aud,
      expiresAt: new Date(p.exp * 1000),
      claims: p,
    };
  }

  /** The cached validation of exactly `token`, while it lasts. */
  private cached(token: string): Verified | undefined {
    const key = token.slice(token.lastIndexOf(".") + 1);
    const hit = this.cache.get(key);
    if (!hit || hit.token !== token) return undefined;
    if (hit.expiresAt + this.skew <= this.opts.now().getTime() / 1000) {
      this.cache.delete(key);
      return undefined;
    }
    this.opts.onCacheLookup?.(true);
    return hit;
  }

  private async verifySignature(token: string): Promise<Verified> {
    const hit = this.cached(token);
    if (hit) return hit;
    this.opts.onCacheLookup?.(false);

    const unverified = readUnverified(token);
    const { header, claims } = unverified;
    if (!(ENTRA_TOKEN_ALGORITHMS as readonly string[]).includes(String(header.alg))) throw new BearerError("invalid");
    const tid = typeof claims.tid === "string" ? claims.tid.toLowerCase() : undefined;
    const iss = typeof claims.iss === "string" ? claims.iss : "";
    if (!tid || tenantOfIssuer(iss) !== tid) throw new BearerError("invalid");

    const local = await this.keys.publicKeys([ISSUERS.entra(tid)]);
    let payload: JWTPayload | undefined;
    if (local.some((k) => k.kid === header.kid)) {
      // One of ours: the signature can be checked, so it must be right, loose mode or not.
      const r = await this.verify(token, createLocalJWKSet({ keys: local }));
      if (r === "unknown") throw new BearerError("invalid");
      payload = r;
    } else {
      for (const getKey of this.external) {
        const r = await this.verify(token, getKey);
        if (r !== "unknown") {
          payload = r;
          break;
        }
      }
      // --loose: a token no configured key can check is taken on its claims alone.
      if (!payload && !this.opts.loose) throw new BearerError("invalid");
    }
    const verified = { payload: payload ?? claims, expiresAt: typeof (payload ?? claims).exp === "number" ? (payload ?? claims).exp! : 0 };
    if (payload) this.remember(token, verified);
    return verified;
  }

  /**
   * jose's jwtVerify reads the signed bytes and the claims in one go (and refuses unencoded
   * payloads, `b64: false`); Lazurite recognises no `crit` extension. Returns the verified claims,
   * "unknown" when the key source has no key for the token, or throws the BearerError for a bad
   * signature, an expired or not yet valid token.
   */
  private async verify(token: string, getKey: JWTVerifyGetKey): Promise<JWTPayload | "unknown"> {
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms: [...ENTRA_TOKEN_ALGORITHMS],
        crit: {},
        clockTolerance: this.skew,
        currentDate: this.opts.now(),
      });
      return payload;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) {
        const exp = typeof e.payload.exp === "number" ? e.payload.exp : 0;
        throw new BearerError("expired", { expiresAt: new Date(exp * 1000), now: this.opts.now() });
      }
      if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "nbf") throw new BearerError("not_yet_valid");
      const code = (e as { code?: string }).code;
      if (code === "ERR_JWKS_NO_MATCHING_KEY" || code === "ERR_JWKS_TIMEOUT" || code === "ERR_JOSE_GENERIC") return "unknown";
      throw new BearerError("invalid");
    }
  }

  private remember(token: string, v: Verified): void {
    if (this.cache.size >= this.cacheSize) {
      // Evict the oldest entry (Map keeps insertion order).
      const first = this.cache.keys().next().value;
      if (first !== undefined) this.cache.delete(first);
    }
    this.cache.set(token.slice(token.lastIndexOf(".") + 1), { ...v, token });
  }
}

/**
 * The header and claims of a compact JWS as its segments spell them, refused when either has a
 * member twice, names a `crit` extension or sets `b64` (Entra's tokens use neither), so that what
 * is read here is exactly what a signature check covers.
 */
function readUnverified(token: string): { header: ProtectedHeaderParameters; claims: JWTPayload } {
  const parts = token.split(".");
  if (parts.length !== 3) throw new BearerError("invalid");
  try {
    const headerText = Buffer.from(parts[0]!, "base64url").toString("utf8");
    const claimsText = Buffer.from(parts[1]!, "base64url").toString("utf8");
    if (hasDuplicateKeys(headerText) || hasDuplicateKeys(claimsText)) throw new BearerError("invalid");
    const header = decodeProtectedHeader(token);
    if (header.crit !== undefined || header.b64 !== undefined) throw new BearerError("invalid");
    return { header, claims: decodeJwt(token) };
  } catch {
    throw new BearerError("invalid");
  }
}
