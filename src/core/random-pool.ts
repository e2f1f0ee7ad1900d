import { randomFillSync } from "node:crypto";

/**
 * Random bytes for per-token ids, drawn from a pool filled 8 KB at a time: crypto.randomBytes for
 * a few dozen bytes costs a call into OpenSSL each time (about 2 % of an Entra token request). The
 * bytes come from the same CSPRNG; each is handed out once, and a refill takes a new buffer, so a
 * slice a caller still holds is never overwritten.
 */
const POOL_SIZE = 8192;
let pool = Buffer.allocUnsafe(0);
let offset = 0;

export function randomSlice(n: number): Buffer {
  if (n > POOL_SIZE) return randomFillSync(Buffer.allocUnsafe(n));
  if (offset + n > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_SIZE));
    offset = 0;
  }
  const out = pool.subarray(offset, offset + n);
  offset += n;
  return out;
}
