import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../server/context.js";
import { registerResourceManagerRoutes } from "./resource-manager.js";
import { registerVideoIndexerRoutes } from "./video-indexer/routes.js";

/** Azure Resource Manager: shared ARM machinery (guard, errors) and the resource providers Lazurite serves. */
export async function registerArmSurface(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // ARM bodies are parsed by the routes themselves so that a malformed one gets ARM's InvalidRequestContent.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
  registerResourceManagerRoutes(app, ctx);
  registerVideoIndexerRoutes(app, ctx);
}
