import { BearerError } from "../../../auth/errors.js";
import { callerOf, principalDisplayName, type Principal } from "../../../auth/principal.js";
import { ARM_AUDIENCES } from "../../../core/azure.js";
import type { Decision } from "../../../core/decision.js";
import { isGuid } from "../../../model/ids.js";
import { keyOf } from "../../../store/collections.js";
import { parseArmBody } from "../body/arm-body.js";
import { armErrorsFor } from "../errors.js";
import { rateKindOf, type ArmRateLimiter } from "../rate-limit.js";
import type { ArmCall, ArmOperation } from "./operation.js";

/**
 * The one order in which ARM requests meet their checks (docs/arm.md#order-of-checks: only
 * "api-version before authentication" is sourced, the rest is Lazurite's fixed choice):
 *
 *   api-version present → authentication → subscription → tenant → rate-limit counting →
 *   api-version supported → RBAC → provider registration → resource group → name rule → resource →
 *   body → permission for the body
 *
 * Each step says when it applies to an operation; an operation's plan is the applicable steps in
 * this order, computed once when the route is registered.
 */
export interface Step {
  readonly name: string;
  applies(op: ArmOperation): boolean;
  run(call: ArmCall): void | Promise<void>;
}

const hasSubscription = (op: ArmOperation) => op.path.includes(":subscriptionId") || op.scoped === true;
/** The request names a subscription: always for paths with `:subscriptionId`, for scoped ones when the scope does. */
const namesSubscription = (call: ArmCall) => call.params["subscriptionId"] !== undefined;

/** Records the refusal on the request for the inspector, then returns the error to throw. */
function refuse(call: ArmCall, d: Omit<Decision, "principal">): void {
  const p = call.principal as Principal | undefined;
  call.req.decision = { ...d, principal: p ? { objectId: p.objectId, name: principalDisplayName(p), tenantId: p.tenantId } : undefined };
}

async function requireRight(call: ArmCall, check: string, action: string, scope: string, purpose?: string): Promise<void> {
  const p = call.principal;
  if (await call.ctx.authz.allowed(p.objectId, action, scope)) return;
  refuse(call, { check, reason: `no role assignment of the caller grants '${action}' over '${scope}'`, action, scope, purpose });
  throw call.errors.authorizationFailed(principalDisplayName(p), p.objectId, action, scope);
}

export function armSteps(limiter: ArmRateLimiter): readonly Step[] {
  return [
    {
      name: "api-version present",
      applies: () => true,
      run(call) {
        const v = (call.req.query as Record<string, unknown>)["api-version"];
        if (typeof v !== "string" || v === "") {
          refuse(call, { check: "api-version present", reason: "the api-version query parameter is missing" });
          throw call.errors.missingApiVersion();
        }
        call.apiVersion = v;
      },
    },
    {
      name: "authentication",
      applies: () => true,
      async run(call) {
        try {
          call.principal = await call.ctx.tokens.validate(call.req.headers.authorization, ARM_AUDIENCES);
          call.req.caller = callerOf(call.principal);
        } catch (e) {
          if (!(e instanceof BearerError)) throw e;
          // The challenge names the subscription's home tenant when the path names a known one.
          const id = call.params["subscriptionId"];
          const sub = id && isGuid(id) ? await call.ctx.store.subscriptions.get(keyOf.subscription(id)) : undefined;
          refuse(call, { check: "authentication", reason: `the bearer token was refused (${e.code})` });
          throw call.errors.unauthenticated(e, sub?.tenantId);
        }
      },
    },
    {
      name: "subscription",
      applies: hasSubscription,
      async run(call) {
        if (!namesSubscription(call)) return;
        const id = call.params["subscriptionId"]!;
        const wellFormed: boolean = isGuid(id); // a boolean: the guard's false branch would narrow `id` to never
        if (!wellFormed) {
          refuse(call, { check: "subscription", reason: `'${id}' is not a subscription id` });
          throw call.errors.invalidSubscriptionId(id);
        }
        const sub = await call.ctx.store.subscriptions.get(keyOf.subscription(id));
        if (!sub) {
          refuse(call, { check: "subscription", reason: `subscription '${id}' does not exist` });
          throw call.errors.subscriptionNotFound(id);
        }
        call.subscription = sub;
      },
    },
    {
      name: "tenant",
      applies: hasSubscription,
      run(call) {
        if (!namesSubscription(call)) return;
        const sub = call.subscription;
        if (call.principal.tenantId === sub.tenantId) return;
        refuse(call, {
          check: "tenant",
          reason: `the token is from tenant '${call.principal.tenantId}', the subscription belongs to '${sub.tenantId}'`,
        });
        throw call.errors.wrongTenant(call.principal.issuer, sub.tenantId);
      },
    },
    {
      name: "rate limit",
      applies: () => true,
      run(call) {
        const p = call.principal;
        const sub = namesSubscription(call) ? call.subscription.id : undefined;
        try {
          call.reply.headers(
            limiter.take({ subscriptionId: sub, tenantId: p.tenantId }, p.objectId, call.op.rateKind ?? rateKindOf(call.req.method)),
          );
        } catch (e) {
          refuse(call, { check: "rate limit", reason: "the hourly request budget of this caller is spent" });
          throw e;
        }
      },
    },
    {
      name: "api-version supported",
      applies: () => true,
      async run(call) {
        try {
          call.profile = await call.op.apiVersions.resolve(call.apiVersion, call);
        } catch (e) {
          refuse(call, { check: "api-version supported", reason: `api-version '${call.apiVersion}' is not served for this operation` });
          throw e;
        }
        call.errors = armErrorsFor(call.profile.errorSchema);
      },
    },
    {
      name: "RBAC",
      applies: (op) => op.authorize !== undefined,
      run(call) {
        const { action } = call.op.authorize!;
        const over = call.op.authorize!.scope(call);
        if (over === undefined) return;
        return requireRight(call, "RBAC", typeof action === "string" ? action : action(call), over, `operation ${call.op.id}`);
      },
    },
    {
      name: "provider registration",
      applies: (op) => op.registration !== undefined,
      async run(call) {
        const ns = call.op.registration!;
        const reg = await call.ctx.store.providerRegistrations.get(keyOf.providerRegistration(call.subscription.id, ns));
        // A subscription is registered for every provider Lazurite serves until it unregisters one.
        if (!reg || reg.state === "Registered") return;
        refuse(call, { check: "provider registration", reason: `the subscription is not registered for '${ns}'` });
        throw call.errors.missingSubscriptionRegistration(ns);
      },
    },
    {
      name: "resource group",
      applies: (op) => op.resourceGroup === true,
      async run(call) {
        const name = call.params["resourceGroupName"];
        if (name === undefined) return; // a scoped operation whose scope is above any group
        const rg = await call.ctx.store.resourceGroups.get(keyOf.resourceGroup(call.subscription.id, name));
        if (!rg) {
          refuse(call, { check: "resource group", reason: `resource group '${name}' does not exist` });
          throw call.errors.resourceGroupNotFound(name);
        }
        call.resourceGroup = rg;
      },
    },
    {
      name: "name rule",
      applies: (op) => op.nameRule !== undefined,
      run(call) {
        try {
          call.op.nameRule!(call);
        } catch (e) {
          refuse(call, { check: "name rule", reason: "the resource name breaks the provider's naming rule" });
          throw e;
        }
      },
    },
    {
      name: "resource",
      applies: (op) => op.resource !== undefined,
      async run(call) {
        const r = call.op.resource!;
        call.resource = await r.load(call);
        if (call.resource === undefined && r.notFound) {
          refuse(call, { check: "resource", reason: "the resource does not exist" });
          throw r.notFound(call);
        }
      },
    },
    {
      name: "body",
      applies: (op) => op.body !== undefined,
      run(call) {
        const b = call.op.body!;
        try {
          call.body = b.validate(parseArmBody(call.req.body, b.typeName, call.errors), call);
        } catch (e) {
          refuse(call, { check: "body", reason: "the request body is not valid for the operation" });
          throw e;
        }
      },
    },
    {
      name: "permission for the body",
      applies: (op) => op.bodyPermission !== undefined,
      async run(call) {
        const need = call.op.bodyPermission!(call);
        if (need) await requireRight(call, "permission for the body", need.action, need.scope, need.purpose);
      },
    },
  ];
}
