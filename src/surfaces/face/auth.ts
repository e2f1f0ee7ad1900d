import type { FastifyRequest } from "fastify";
import { BearerError } from "../../auth/errors.js";
import { callerOf, principalDisplayName, type Principal } from "../../auth/principal.js";
import type { Decision } from "../../core/decision.js";
import { faceErrors } from "./errors.js";
import type { FaceResource } from "../../model/entities.js";
import { createHash, timingSafeEqual } from "node:crypto";
import { COGNITIVE_SERVICES_AUDIENCES, faceResourceId } from "../../core/azure.js";
import { keyOf } from "../../store/collections.js";
import type { AppContext } from "../../core/context.js";
import type { ResourceAddress } from "./resolve-resource.js";

/**
 * The data action checked for a bearer caller. Azure does not document which action gates this
 * operation; Cognitive Services data actions follow `accounts/Face/{path}/{verb}`, so Lazurite
 * checks this one. Cognitive Services User (`Microsoft.CognitiveServices/*`) grants it; Owner and
 * Contributor carry no data actions and do not (as on Azure).
 */
export const GET_CLIENT_ASSETS_DATA_ACTION = "Microsoft.CognitiveServices/accounts/Face/settings/getClientAssetsAccessToken/read";

export type FaceCaller = { kind: "key"; resource: FaceResource } | { kind: "bearer"; resource: FaceResource; principal: Principal };

/** SHA-256 of key1 and key2, computed once per (immutable, cached) resource object. */
const keyDigests = new WeakMap<FaceResource, [Buffer, Buffer]>();
function digestsOf(f: FaceResource): [Buffer, Buffer] {
  let d = keyDigests.get(f);
  if (!d) {
    d = [sha256(f.keys[0]), sha256(f.keys[1])];
    keyDigests.set(f, d);
  }
  return d;
}

/** The presented key's digest matches key1 or key2, compared in constant time (both always compared). */
function keyMatches(f: FaceResource, presented: Buffer): boolean {
  const [k1, k2] = digestsOf(f);
  const a = timingSafeEqual(presented, k1);
  const b = timingSafeEqual(presented, k2);
  return a || b;
}

/**
 * Key digest → resource, derived from the cached resource list: the list object stays the same
 * until a Face resource changes, so the index is rebuilt only then, and a bare-origin call costs
 * one map lookup however many resources exist. Looking up by a digest leaks nothing about the key.
 */
const ownerIndexes = new WeakMap<readonly FaceResource[], Map<string, FaceResource>>();
function keyOwner(resources: readonly FaceResource[], presented: Buffer): FaceResource | undefined {
  let index = ownerIndexes.get(resources);
  if (!index) {
    index = new Map();
    for (const f of resources) for (const d of digestsOf(f)) index.set(d.toString("hex"), f);
    ownerIndexes.set(resources, index);
  }
  const f = index.get(presented.toString("hex"));
  // The constant-time comparison still decides.
  return f && keyMatches(f, presented) ? f : undefined;
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Records why the call was refused (for the request inspector) and returns the error to throw. */
function refuse<E>(req: FastifyRequest, d: Decision, error: E): E {
  req.decision = d;
  return error;
}

function keyCaller(f: FaceResource) {
  return { kind: "key" as const, id: f.name, name: `a key of Face resource '${f.name}'` };
}

/**
 * Authenticates a Face call: `Ocp-Apim-Subscription-Key` first (as the gateway does), else a
 * bearer token with the Cognitive Services audience and a role granting the operation's data
 * action (liveness operations: liveness/data-actions.ts).
 */
export async function authenticateFace(
  req: FastifyRequest,
  ctx: AppContext,
  address: ResourceAddress,
  dataAction: string = GET_CLIENT_ASSETS_DATA_ACTION,
): Promise<FaceCaller> {
  // A path-style endpoint of a resource that does not exist (never did, or was deleted through
  // ARM or the admin API): Face's 404, as an endpoint that is gone answers (docs/resource-manager.md#endpoints).
  if (address.kind === "named" && !address.resource) {
    throw refuse(req, { check: "resource", reason: `no Face resource is named '${address.name}'` }, faceErrors.notFound());
  }
  const header = req.headers["ocp-apim-subscription-key"];
  if (typeof header === "string" && header !== "") {
    const key = sha256(header);
    if (address.kind === "named") {
      if (address.resource && keyMatches(address.resource, key)) {
        req.caller = keyCaller(address.resource);
        return { kind: "key", resource: address.resource };
      }
      const reason = address.resource
        ? `the Ocp-Apim-Subscription-Key is neither key1 nor key2 of Face resource '${address.resource.name}'`
        : `no Face resource is named '${address.name}'`;
      throw refuse(req, { check: "key", reason }, faceErrors.accessDenied());
    }
    // Bare origin: the resource is whichever owns the key.
    const owner = keyOwner(await ctx.store.faceResources.list(), key);
    if (owner) {
      req.caller = keyCaller(owner);
      return { kind: "key", resource: owner };
    }
    throw refuse(
      req,
      { check: "key", reason: "the Ocp-Apim-Subscription-Key is not a key of any Face resource" },
      faceErrors.accessDenied(),
    );
  }
  if (req.headers.authorization === undefined) {
    throw refuse(req, { check: "key", reason: "neither Ocp-Apim-Subscription-Key nor Authorization was sent" }, faceErrors.accessDenied());
  }
  // A regional endpoint cannot tell which resource a token is for (docs/face.md#authentication).
  if (address.kind === "origin") {
    throw refuse(
      req,
      {
        check: "bearer",
        reason: "a bearer token needs the resource's own endpoint (custom subdomain or path); the regional endpoint takes keys only",
      },
      faceErrors.keyRequired(),
    );
  }
  let principal: Principal;
  try {
    principal = await ctx.tokens.validate(req.headers.authorization, COGNITIVE_SERVICES_AUDIENCES);
  } catch (e) {
    if (e instanceof BearerError)
      throw refuse(req, { check: "bearer", reason: `the bearer token was refused (${e.code})` }, faceErrors.invalidBearer());
    throw e;
  }
  req.caller = callerOf(principal);
  const who = { objectId: principal.objectId, name: principalDisplayName(principal), tenantId: principal.tenantId };
  const resource = address.resource;
  if (!resource)
    throw refuse(
      req,
      { check: "bearer", reason: `no Face resource is named '${address.name}'`, principal: who },
      faceErrors.invalidBearer(),
    );
  const sub = await ctx.store.subscriptions.get(keyOf.subscription(resource.subscriptionId));
  if (!sub || sub.tenantId !== principal.tenantId) {
    const reason = `the token is from tenant '${principal.tenantId}', Face resource '${resource.name}' belongs to ${sub ? `tenant '${sub.tenantId}'` : "no known subscription"}`;
    throw refuse(req, { check: "tenant", reason, principal: who }, faceErrors.invalidBearer());
  }
  const scope = faceResourceId(resource);
  if (!(await ctx.authz.allowed(principal.objectId, dataAction, scope, { data: true }))) {
    const reason = `no role assignment of the caller grants the data action '${dataAction}' over '${scope}'`;
    throw refuse(
      req,
      {
        check: "permission",
        reason,
        principal: who,
        action: dataAction,
        scope,
        dataAction: true,
        purpose: dataAction === GET_CLIENT_ASSETS_DATA_ACTION ? "a client-assets token" : undefined,
      },
      faceErrors.permissionDenied(),
    );
  }
  return { kind: "bearer", resource, principal };
}
