import { createHash, timingSafeEqual } from "node:crypto";

/** Constant-time equality of two strings, by comparing their SHA-256 digests (equal length by construction). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}

/** Constant-time check of a presented secret against a stored SHA-256 hex digest. */
export function secretMatches(presented: string, storedSha256Hex: string): boolean {
  const stored = Buffer.from(storedSha256Hex, "hex");
  const got = createHash("sha256").update(presented, "utf8").digest();
  return stored.length === got.length && timingSafeEqual(stored, got);
}
