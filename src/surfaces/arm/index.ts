import { AZURE_HOSTNAMES } from "../../core/azure.js";
import type { FastifyRequest } from "fastify";
import type { Surface } from "../../core/surface.js";
import { claimedPrincipals } from "../../faults/request-facts.js";
import { decorateArm } from "./headers.js";
import { mountProviders } from "./chain/mount.js";
import { armErrors } from "./errors.js";
import { ARM_PROVIDERS } from "./providers/index.js";
import { rateKindOf } from "./rate-limit.js";
import { isGuid } from "../../model/ids.js";

/** What an injected fault's answer names, read from the path and the (unverified) token. */
function injectedAt(req: FastifyRequest) {
  const path = req.url.split("?", 1)[0]!;
  const sub = /^\/+subscriptions\/([^/]+)/i.exec(path)?.[1];
  const claimed = claimedPrincipals(req);
  return {
    subscriptionId: sub && isGuid(sub) ? sub : undefined,
    actor: claimed[0] ?? "unknown",
    kind: rateKindOf(req.method),
    namespace: /\/providers\/([^/]+)/i.exec(path)?.[1],
  };
}

/**
 * Azure Resource Manager: the ordered check chain (chain/), ARM's envelope and headers, and the
 * resource providers Lazurite serves (providers/index.ts lists them).
 */
export const armSurface: Surface = {
  name: "arm",
  ownsHost: (host) => (AZURE_HOSTNAMES.arm as readonly string[]).includes(host),
  // Every ARM path: subscriptions and what is below them, tenant-level providers, the tenants
  // list, the cloud metadata, and role assignments or definitions at any scope.
  owns: ({ path }) =>
    path === "/subscriptions" ||
    path.startsWith("/subscriptions/") ||
    path === "/providers" ||
    path.startsWith("/providers/") ||
    path === "/tenants" ||
    path === "/metadata/endpoints" ||
    path.includes("/providers/microsoft.authorization/"),
  decorate: decorateArm,
  errors: {
    notFound: (req) => armErrors.noRouteFound(req.url.split("?")[0]!),
    badBody: (m) => armErrors.invalidRequestContent(m),
    tooLarge: () => armErrors.payloadTooLarge(),
    protocol: (status, message) => armErrors.protocol(status, message),
    unavailable: (retryAfter) => armErrors.serviceUnavailable(retryAfter),
    internal: () => armErrors.internal(),
    injected: (f, req) => armErrors.injected(f, injectedAt(req)),
  },
  async register(app, ctx) {
    // ARM bodies are parsed by the chain's body step so that a malformed one gets ARM's InvalidRequestContent.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
    mountProviders(app, ctx, ARM_PROVIDERS);
  },
};
