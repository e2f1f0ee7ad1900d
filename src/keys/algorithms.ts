import { generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";

const generate = promisify(generateKeyPair);

/** Signing algorithms Lazurite issues tokens with; anything else is refused at configuration time. */
export const SIGNING_ALGORITHMS = ["RS256", "PS256", "ES256", "ES384"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export function isSigningAlgorithm(v: unknown): v is SigningAlgorithm {
  return typeof v === "string" && (SIGNING_ALGORITHMS as readonly string[]).includes(v);
}

export async function generateKeyPairFor(alg: SigningAlgorithm): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  switch (alg) {
    case "RS256":
    case "PS256":
      return generate("rsa", { modulusLength: 2048 });
    case "ES256":
      return generate("ec", { namedCurve: "P-256" });
    case "ES384":
      return generate("ec", { namedCurve: "P-384" });
  }
}
