import type { FastifyInstance } from "fastify";
import { resolve } from "node:path";
import type { AppContext } from "../../core/context.js";
import { VERSION } from "../../version.js";

/**
 * `GET /server`: what this server is and how clients reach it, as the start banner prints it
 * (version, store, token algorithm, the certificate file to trust, the managed-identity secret),
 * for the dashboard's overview and for scripts. Behind the admin token like every admin route.
 */
export function registerServerInfoRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get("/server", async () => ({
    version: VERSION,
    store: ctx.store.dialect,
    tokenAlg: ctx.settings.tokenAlg,
    ...(ctx.settings.certificatePath ? { certificatePath: resolve(ctx.settings.certificatePath) } : {}),
    managedIdentity: {
      path: "/msi/token",
      header: ctx.settings.managedIdentity.header,
      ...(ctx.settings.managedIdentity.clientId ? { clientId: ctx.settings.managedIdentity.clientId } : {}),
    },
    developmentDefaults: ctx.settings.developmentDefaults === true,
  }));
}
