import type { FastifyRequest } from "fastify";
import { secretMatches } from "../../core/constant-time.js";

/**
 * True when the request carries `Authorization: Bearer <admin token>`. The store keeps only the
 * token's SHA-256; the presented token is hashed and compared in constant time.
 */
export function adminTokenMatches(req: FastifyRequest, adminTokenSha256: string): boolean {
  const h = req.headers.authorization;
  if (typeof h !== "string") return false;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(h);
  return m !== null && secretMatches(m[1]!, adminTokenSha256);
}
