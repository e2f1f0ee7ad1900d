import type { FastifyRequest } from "fastify";
import { decodeJwt } from "jose";

/** What a fault rule can match on, read from a request before its handler runs. */
export interface RequestFacts {
  surface: string;
  operation: string | undefined;
  method: string;
  /** Path without the query. */
  path: string;
  /** The ids the caller may be known by; computed only when a rule names a principal. */
  principals(): string[];
}

/**
 * The caller's ids as the request states them, before any surface authenticated it: the bearer
 * token's `oid`, `appid`/`azp` and UPN (read, not verified), and a token request's `client_id`
 * and `username`. Good enough to pick which requests fail on purpose; never used to authorize.
 */
export function claimedPrincipals(req: FastifyRequest): string[] {
  const out: string[] = [];
  const auth = req.headers.authorization;
  const bearer = typeof auth === "string" ? /^Bearer\s+(\S+)/i.exec(auth)?.[1] : undefined;
  if (bearer) {
    try {
      const p = decodeJwt(bearer);
      for (const k of ["oid", "appid", "azp", "upn", "preferred_username"]) if (typeof p[k] === "string") out.push(p[k]);
    } catch {
      // not a JWT: no ids from it
    }
  }
  if (typeof req.body === "string" && String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(req.body);
    for (const k of ["client_id", "username"]) {
      const v = form.get(k);
      if (v) out.push(v);
    }
  }
  const q = req.query as Record<string, unknown> | undefined;
  for (const k of ["client_id", "object_id", "principal_id"]) if (typeof q?.[k] === "string") out.push(q[k]);
  return out.map((s) => s.toLowerCase());
}

export function factsOf(req: FastifyRequest): RequestFacts {
  let principals: string[] | undefined;
  return {
    surface: req.surface.name,
    operation: req.operation,
    method: req.method,
    path: req.url.split("?", 1)[0]!,
    principals: () => (principals ??= claimedPrincipals(req)),
  };
}
