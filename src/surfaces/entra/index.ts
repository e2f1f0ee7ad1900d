import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../server/context.js";
import { registerDiscovery } from "./discovery.js";
import { registerTokenEndpoints } from "./token-endpoint.js";

/**
 * The emulated Entra ID token authority: OpenID discovery, signing keys and token endpoints per
 * tenant (contract §5). Runs as an encapsulated plugin, so its body parsers stay here.
 */
export async function registerEntraSurface(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Token requests are forms. Entra answers a JSON or empty body as a form with no parameters
  // (AADSTS900144 for 'grant_type'), so every other content type is read and dropped rather than
  // failing with a parser error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, body));
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, _body, done) => done(null, ""));

  registerDiscovery(app, ctx);
  registerTokenEndpoints(app, ctx);
}
