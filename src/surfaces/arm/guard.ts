import type { FastifyRequest } from "fastify";
import { BearerError } from "../../auth/errors.js";
import { principalDisplayName, type Principal } from "../../auth/principal.js";
import { ARM_AUDIENCES, armErrors } from "../../errors/arm.js";
import type { ServiceError } from "../../errors/service-error.js";
import type { ResourceGroup, Subscription } from "../../model/entities.js";
import { isGuid } from "../../model/ids.js";
import { keyOf } from "../../store/collections.js";
import type { AppContext } from "../../server/context.js";
import { armChallenge, MISSING_HEADER_DESCRIPTION } from "./www-authenticate.js";

/**
 * The checks every ARM request goes through, in one fixed order (contract §4.2 leaves most of the
 * order open; this is Lazurite's choice, documented in the README):
 *   api-version present → Authorization header → token (signature, expiry, audience, identity)
 *   → subscription id well-formed → subscription exists → token tenant = subscription tenant
 *   → api-version supported → RBAC → resource group exists → resource exists → body.
 * Each step is a method so that a route calls them in this order and nothing else.
 */
export class ArmGuard {
  constructor(private readonly ctx: AppContext) {}

  apiVersion(req: FastifyRequest): string {
    const v = (req.query as Record<string, unknown>)["api-version"];
    if (typeof v !== "string" || v === "") throw armErrors.missingApiVersion();
    return v;
  }

  /** Authenticates the caller; a 401 names the subscription's tenant in WWW-Authenticate when it is known. */
  async authenticate(req: FastifyRequest, subscriptionId?: string): Promise<Principal> {
    try {
      return await this.ctx.tokens.validate(req.headers.authorization, ARM_AUDIENCES);
    } catch (e) {
      if (!(e instanceof BearerError)) throw e;
      const sub =
        subscriptionId && isGuid(subscriptionId) ? await this.ctx.store.subscriptions.get(keyOf.subscription(subscriptionId)) : undefined;
      throw withChallenge(bearerToArm(e), sub?.tenantId, e.code === "missing");
    }
  }

  async subscription(subscriptionId: string, principal: Principal): Promise<Subscription> {
    if (!isGuid(subscriptionId)) throw armErrors.invalidSubscriptionId(subscriptionId);
    const sub = await this.ctx.store.subscriptions.get(keyOf.subscription(subscriptionId));
    if (!sub) throw armErrors.subscriptionNotFound(subscriptionId);
    if (principal.tenantId !== sub.tenantId) {
      const err = armErrors.wrongTenant(principal.issuer, `https://sts.windows.net/${sub.tenantId}/`, sub.tenantId);
      throw withChallenge(err, sub.tenantId, false);
    }
    return sub;
  }

  async authorize(principal: Principal, action: string, scope: string): Promise<void> {
    if (!(await this.ctx.authz.allowed(principal.objectId, action, scope))) {
      throw armErrors.authorizationFailed(principalDisplayName(principal), principal.objectId, action, scope);
    }
  }

  async resourceGroup(subscriptionId: string, name: string): Promise<ResourceGroup> {
    const rg = await this.ctx.store.resourceGroups.get(keyOf.resourceGroup(subscriptionId, name));
    if (!rg) throw armErrors.resourceGroupNotFound(name);
    return rg;
  }
}

function bearerToArm(e: BearerError): ServiceError {
  switch (e.code) {
    case "missing":
      return armErrors.authenticationFailed();
    case "malformed_header":
      return armErrors.invalidAuthHeader();
    case "expired":
      return armErrors.expiredToken(e.detail.expiresAt!, e.detail.now!);
    case "audience":
      return armErrors.wrongAudience(e.detail.audience ?? "");
    case "no_identity":
      return armErrors.tokenWithoutIdentity();
    default:
      return armErrors.invalidToken();
  }
}

function withChallenge(err: ServiceError, tenantId: string | undefined, missing: boolean): ServiceError {
  const description = missing ? MISSING_HEADER_DESCRIPTION : (err.body as { error: { message: string } }).error.message;
  err.headers["www-authenticate"] = armChallenge(tenantId, description);
  return err;
}
