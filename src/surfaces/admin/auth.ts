import type { FastifyRequest } from "fastify";
import { safeEqual } from "../../resources/secrets.js";

/** True when the request carries `Authorization: Bearer <admin token>` (compared in constant time). */
export function adminAuthorizer(adminToken: string): (req: FastifyRequest) => boolean {
  return (req) => {
    const h = req.headers.authorization;
    if (typeof h !== "string") return false;
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(h);
    return m !== null && safeEqual(m[1]!, adminToken);
  };
}
