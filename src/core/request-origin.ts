import type { FastifyRequest } from "fastify";

/**
 * The origin the client used to reach us, e.g. `https://localhost:10443`. Every URL Lazurite puts
 * in a discovery document or a token comes from it, because msal refuses an issuer whose host
 * differs from the authority host it was configured with (docs/entra.md#discovery-document), and the same server
 * may be reached as `localhost`, `127.0.0.1` or over the plain-HTTP port.
 */
export function requestOrigin(req: FastifyRequest): string {
  // `req.protocol` looks at the socket: the optional plain-HTTP listener shares the routes.
  const scheme = req.protocol === "http" ? "http" : "https";
  return `${scheme}://${req.host}`;
}
