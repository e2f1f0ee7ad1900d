import { createPrivateKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, type JWK, type JWTPayload } from "jose";
import type { SigningKeyRecord } from "../model/entities.js";
import { StoreConflictError, type Store } from "../store/store.js";
import { generateKeyPairFor, type SigningAlgorithm } from "./algorithms.js";
import { compactSigner, type CompactSigner } from "./jws.js";

/** Issuer names: one per tenant for Entra ID, one each for the Video Indexer and Face tokens. */
export const ISSUERS = {
  entra: (tenantId: string) => `entra:${tenantId.toLowerCase()}`,
  videoIndexer: "videoIndexer",
  face: "face",
} as const;

export interface ActiveKey {
  kid: string;
  alg: SigningAlgorithm;
  /** Imported once: importing a key on every request costs roughly ten times the signature. */
  privateKey: KeyObject;
  /** One signer per JWT `typ`, with its header encoded once. */
  signers: Map<string, CompactSigner>;
}

export interface KeyServiceOptions {
  now?: () => Date;
  /** How long a retired key stays in the JWKS so tokens it signed still verify. */
  retiredKeyGraceSeconds?: number;
  /** Told of every token signed, with its issuer and kind (metrics). */
  onSign?: ((issuer: string, kind: string) => void) | undefined;
}

export type PublicJwk = JWK & { kid: string; alg: string; use: "sig" };

/**
 * Creates, persists, rotates and uses signing keys. Private keys stay inside this module and
 * the store; nothing it returns to callers (besides the KeyObject used to sign) contains them.
 */
export class KeyService {
  private readonly active = new Map<string, Promise<ActiveKey>>();
  private readonly now: () => Date;
  private readonly graceMs: number;
  private readonly onSign: ((issuer: string, kind: string) => void) | undefined;

  constructor(
    private readonly store: Store,
    opts: KeyServiceOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.onSign = opts.onSign;
    this.graceMs = (opts.retiredKeyGraceSeconds ?? 48 * 3600) * 1000;
    // Instances sharing a database: a rotation anywhere drops the cached active keys here.
    store.changes.on("signing_keys", () => this.active.clear());
  }

  /** The active key of `issuer`, creating one with `alg` if there is none or the algorithm changed. */
  activeKey(issuer: string, alg: SigningAlgorithm): Promise<ActiveKey> {
    // Without a live change feed a rotation elsewhere could go unnoticed: read through instead.
    if (!this.store.changes.live) return this.loadOrCreate(issuer, alg);
    const cacheKey = `${issuer}|${alg}`;
    let p = this.active.get(cacheKey);
    if (!p) {
      p = this.loadOrCreate(issuer, alg);
      this.active.set(cacheKey, p);
      p.catch(() => this.active.delete(cacheKey));
    }
    return p;
  }

  private async loadOrCreate(issuer: string, alg: SigningAlgorithm): Promise<ActiveKey> {
    const existing = (await this.store.signingKeys.list({ scope: issuer })).find((k) => k.status === "active");
    if (existing && existing.alg === alg) return toActive(existing);
    // Several instances may get here at once on a fresh database: the first to commit wins, the
    // others find its key inside their transaction and use it.
    return toActive(await this.replaceActive(issuer, alg, true));
  }

  /** Makes a new active key for `issuer`; the previous one is retired but stays published for a while. */
  rotate(issuer: string, alg: SigningAlgorithm): Promise<SigningKeyRecord> {
    return this.replaceActive(issuer, alg, false);
  }

  /**
   * Retires the active key of `issuer` and inserts a new one, in one transaction. With
   * `keepMatching`, an active key of the same algorithm found inside the transaction is kept and
   * returned instead. The unique alt column (one active key per issuer) refuses a concurrent
   * second active key; the loser retries against the winner's key.
   */
  private async replaceActive(issuer: string, alg: SigningAlgorithm, keepMatching: boolean): Promise<SigningKeyRecord> {
    const record = await this.newRecord(issuer, alg);
    for (let attempt = 1; ; attempt++) {
      try {
        const chosen = await this.store.transaction(async (tx) => {
          const active = (await tx.signingKeys.list({ scope: issuer })).filter((k) => k.status === "active");
          const same = keepMatching ? active.find((k) => k.alg === alg) : undefined;
          if (same) return same;
          for (const k of active) await tx.signingKeys.upsert({ ...k, status: "retired", retiredAt: this.now().toISOString() });
          await tx.signingKeys.insert(record);
          return record;
        });
        for (const key of this.active.keys()) if (key.startsWith(`${issuer}|`)) this.active.delete(key);
        return chosen;
      } catch (e) {
        if (!(e instanceof StoreConflictError) || attempt >= 5) throw e;
      }
    }
  }

  private async newRecord(issuer: string, alg: SigningAlgorithm): Promise<SigningKeyRecord> {
    const { publicKey, privateKey } = await generateKeyPairFor(alg);
    const publicJwk = publicKey.export({ format: "jwk" }) as JWK;
    const kid = await calculateJwkThumbprint(publicJwk, "sha256");
    return {
      kid,
      issuer,
      alg,
      status: "active",
      publicJwk: { ...publicJwk, kid, alg, use: "sig" },
      privateJwk: privateKey.export({ format: "jwk" }),
      createdAt: this.now().toISOString(),
    };
  }

  /** Public keys of the given issuers: the active one and those retired within the grace period. */
  async publicKeys(issuers: string[]): Promise<PublicJwk[]> {
    const cutoff = this.now().getTime() - this.graceMs;
    const out: PublicJwk[] = [];
    for (const issuer of issuers) {
      const keys = await this.store.signingKeys.list({ scope: issuer });
      const sorted = [...keys].sort((a, b) =>
        a.status === b.status ? b.createdAt.localeCompare(a.createdAt) : a.status === "active" ? -1 : 1,
      );
      for (const k of sorted) {
        if (k.status === "retired" && k.retiredAt && Date.parse(k.retiredAt) < cutoff) continue;
        out.push(k.publicJwk as PublicJwk);
      }
    }
    return out;
  }

  /** Public metadata of every stored key, for the admin surface. */
  async describe(): Promise<Omit<SigningKeyRecord, "privateJwk">[]> {
    return (await this.store.signingKeys.list()).map(({ privateJwk: _omit, ...rest }) => rest);
  }

  /** Signs a JWT with the issuer's active key; `kind` names what it is (access, id, refresh…) for metrics. */
  async sign(issuer: string, alg: SigningAlgorithm, payload: JWTPayload, typ = "JWT", kind = "access"): Promise<string> {
    const key = await this.activeKey(issuer, alg);
    let signer = key.signers.get(typ);
    if (!signer) {
      signer = compactSigner(key.alg, key.privateKey, { typ, kid: key.kid });
      key.signers.set(typ, signer);
    }
    const token = await signer.sign(payload);
    this.onSign?.(issuer, kind);
    return token;
  }
}

function toActive(record: SigningKeyRecord): ActiveKey {
  return {
    kid: record.kid,
    alg: record.alg as SigningAlgorithm,
    privateKey: createPrivateKey({ key: record.privateJwk as never, format: "jwk" }),
    signers: new Map(),
  };
}
