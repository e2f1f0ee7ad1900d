import { aadErrors, type AadErrorContext } from "./errors.js";
import type { Application, Tenant } from "../../model/entities.js";
import { isGuid } from "../../model/ids.js";
import { secretMatches } from "../../core/constant-time.js";
import { keyOf } from "../../store/collections.js";
import type { Store } from "../../store/store.js";
import { firstPartyApplication } from "./first-party.js";
import { assertionAudiences, JWT_BEARER_ASSERTION_TYPE, verifyClientAssertion } from "./assertion.js";
import type { AppIdAcr } from "../../issuance/entra-claims.js";
import type { TokenForm } from "./form.js";

/** The application `client_id` names in the tenant, or AADSTS700016 naming the directory by its display name. */
export async function requireApplication(store: Store, tenant: Tenant, clientId: string, c: AadErrorContext): Promise<Application> {
  // Client ids are GUIDs: anything else names no application and is not looked up.
  const app = isGuid(clientId)
    ? ((await store.applications.get(keyOf.application(tenant.id, clientId))) ?? firstPartyApplication(tenant, clientId))
    : undefined;
  if (!app) throw aadErrors.unknownClient(c, clientId, tenant.displayName);
  return app;
}

export interface ClientAuthInput {
  form: TokenForm;
  app: Application;
  tenant: Tenant;
  /** The tenant path segment as the client wrote it (an assertion's `aud` may use it). */
  tenantSegment: string;
  origin: string;
  /** The token endpoint URL the request came to, without query. */
  endpoint: string;
  c: AadErrorContext;
}

/**
 * Authenticates a confidential client: a client assertion when one is presented (it wins over a
 * secret sent alongside), else a client secret. Returns the `appidacr` the credential earns.
 */
export async function authenticateConfidentialClient(i: ClientAuthInput): Promise<AppIdAcr> {
  const acr = await authenticatePresentedCredential(i);
  if (acr === undefined) throw aadErrors.noClientCredential(i.c);
  return acr;
}

/**
 * For grants a public client may use (password, refresh token): a credential, when presented,
 * must still be valid; without one the client is public (`appidacr` "0").
 */
export async function authenticateOptionalClient(i: ClientAuthInput): Promise<AppIdAcr> {
  return (await authenticatePresentedCredential(i)) ?? "0";
}

async function authenticatePresentedCredential(i: ClientAuthInput): Promise<AppIdAcr | undefined> {
  const { form, app, c } = i;
  const assertion = form.get("client_assertion");
  if (assertion !== undefined) {
    const type = form.require("client_assertion_type");
    // An assertion of another type is not a credential Entra can use: as if none had been sent.
    if (type !== JWT_BEARER_ASSERTION_TYPE) throw aadErrors.noClientCredential(c);
    await verifyClientAssertion(assertion, {
      app,
      audiences: assertionAudiences(i.origin, [i.tenant.id, i.tenant.domain, i.tenantSegment]),
      endpoint: i.endpoint,
      c,
    });
    return "2";
  }
  const secret = form.get("client_secret");
  if (secret === undefined) return undefined;
  // Every stored secret is compared in constant time; which one matched decides the expiry check.
  const match = app.secrets.find((s) => secretMatches(secret, s.sha256));
  if (!match) throw aadErrors.badClientSecret(c, app.clientId);
  if (match.expiresAt !== undefined && Date.parse(match.expiresAt) <= c.now.getTime()) throw aadErrors.expiredClientSecret(c, app.clientId);
  return "1";
}
