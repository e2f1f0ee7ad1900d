import { constants, sign as cryptoSign, type KeyObject } from "node:crypto";
import type { SigningAlgorithm } from "./algorithms.js";

/**
 * Compact JWS signing with node:crypto, synchronously, with the protected header encoded once per
 * key. jose signs through WebCrypto, whose async round trip cost more than the signature itself on
 * the token hot path (see the benchmark notes); jose still verifies everything these produce, in
 * the tests and for resource servers.
 */
export interface CompactSigner {
  sign(payload: object): string;
}

const params: Record<SigningAlgorithm, { hash: string; opts: object }> = {
  RS256: { hash: "sha256", opts: {} },
  PS256: { hash: "sha256", opts: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } },
  ES256: { hash: "sha256", opts: { dsaEncoding: "ieee-p1363" } },
  ES384: { hash: "sha384", opts: { dsaEncoding: "ieee-p1363" } },
};

export function compactSigner(alg: SigningAlgorithm, key: KeyObject, header: Record<string, string>): CompactSigner {
  const { hash, opts } = params[alg];
  const encodedHeader = Buffer.from(JSON.stringify({ ...header, alg })).toString("base64url");
  return {
    sign(payload) {
      const input = `${encodedHeader}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
      const signature = cryptoSign(hash, Buffer.from(input), { key, ...opts });
      return `${input}.${signature.toString("base64url")}`;
    },
  };
}
