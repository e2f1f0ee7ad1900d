import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../server/context.js";

/** The App Service-style managed-identity endpoint (issue 3). */
export async function registerManagedIdentity(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
