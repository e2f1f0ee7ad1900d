import type { FastifyRequest } from "fastify";
import { secretMatches } from "../core/constant-time.js";

/**
 * Whether the request carries `Authorization: Bearer <admin token>`, and if not, why not (for the
 * request inspector). The store keeps only the token's SHA-256; the presented token is hashed and
 * compared in constant time. The admin API and the metrics endpoint both take it.
 */
export function adminTokenRefusal(req: FastifyRequest, adminTokenSha256: string): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== "string") return "no Authorization header";
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(h);
  if (m === null) return "the Authorization header is not 'Bearer <admin token>'";
  return secretMatches(m[1]!, adminTokenSha256) ? undefined : "the bearer token is not this server's admin token";
}

export function adminTokenMatches(req: FastifyRequest, adminTokenSha256: string): boolean {
  return adminTokenRefusal(req, adminTokenSha256) === undefined;
}
