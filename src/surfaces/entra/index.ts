import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../server/context.js";

/** The emulated Entra ID token authority (issue 3): discovery, keys and token endpoints per tenant. */
export async function registerEntraSurface(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
