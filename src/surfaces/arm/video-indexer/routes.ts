import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { principalDisplayName, type Principal } from "../../../auth/principal.js";
import { armErrors } from "../../../errors/arm.js";
import { isServiceError, type ServiceError } from "../../../errors/service-error.js";
import { ISSUERS } from "../../../keys/key-service.js";
import type { ResourceGroup, Subscription, SystemData, VideoIndexerAccount } from "../../../model/entities.js";
import { canon } from "../../../model/ids.js";
import { ResourceError, ResourceService } from "../../../resources/resource-service.js";
import type { AppContext } from "../../../server/context.js";
import { keyOf } from "../../../store/collections.js";
import { ArmGuard } from "../guard.js";
import { parseArmBody } from "../json-body.js";
import { armRateLimiter, rateKindOf } from "../rate-limit.js";
import {
  familyHas,
  findApiVersion,
  NEWEST_VI_API_VERSION,
  normalizeLocation,
  versionsOf,
  VI_ACCOUNT_TYPE,
  VI_LOCATIONS,
  VI_PROVIDER,
  type ViApiVersion,
  type ViFamily,
} from "./api-versions.js";
import { viTokenClaims } from "./claims.js";
import {
  accountNameProblem,
  checkAccountName,
  validateAccountPatch,
  validateAccountPut,
  validateCheckName,
  validateTokenRequest,
  type StoredProperties,
  type TokenKind,
} from "./validation.js";
import { accessTokenView, accountView, operationsView } from "./views.js";

/**
 * Microsoft.VideoIndexer on ARM: every operation of api-version 2025-04-01 (contract §3.6) and the
 * older versions of §3.8. Each route runs ArmGuard's checks in its fixed order:
 *   api-version present → Authorization header → token → subscription id → subscription exists
 *   → tenant → (rate limit) → api-version supported → RBAC → resource group exists
 *   → account name rules → account exists → body,
 * and, for Contributor and Reader tokens only, the permission the token grants (it depends on the body).
 */

const A = `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/${VI_PROVIDER}/accounts`;
const ACTION = (op: string) => `${VI_ACCOUNT_TYPE}/${op}`;

interface AccountParams {
  subscriptionId: string;
  resourceGroupName: string;
  accountName: string;
}

/** One request's state: the version profile once known decides the error shape. */
class Call {
  profile: ViApiVersion | undefined;
  constructor(
    readonly req: FastifyRequest,
    readonly reply: FastifyReply,
  ) {}
}

interface AccountScope {
  principal: Principal;
  sub: Subscription;
  rg: ResourceGroup;
  account: VideoIndexerAccount | undefined;
  p: ViApiVersion;
  /** The account's resource id as the request spelt it: the scope RBAC is checked over. */
  scope: string;
}

export function registerVideoIndexerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = new ArmGuard(ctx);
  const limiter = armRateLimiter(ctx);

  /** Wraps a handler: the local error schema of older versions has no `target` (contract §3.8). */
  function handle(fn: (c: Call) => Promise<unknown>) {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const c = new Call(req, reply);
      try {
        return await fn(c);
      } catch (e) {
        if (isServiceError(e) && c.profile?.errorSchema === "local") stripTarget(e);
        throw e;
      }
    };
  }

  function rateLimit(c: Call, principal: Principal, subscriptionId?: string): void {
    c.reply.headers(limiter.take({ subscriptionId, tenantId: principal.tenantId }, principal.objectId, rateKindOf(c.req.method)));
  }

  /**
   * The version profile, or NoRegisteredProviderFound naming the family's type, its versions and
   * Lazurite's location list. `--skip-api-version-check` serves unknown versions as the newest.
   */
  async function version(c: Call, raw: string, family: ViFamily, location: () => Promise<string>): Promise<ViApiVersion> {
    let p = findApiVersion(raw);
    if (!p && ctx.settings.skipApiVersionCheck) p = NEWEST_VI_API_VERSION;
    if (!p || !familyHas(family, p)) {
      throw armErrors.noRegisteredProvider(await location(), raw, family, versionsOf(family), [...VI_LOCATIONS]);
    }
    c.profile = p;
    return p;
  }

  /** Where ARM would say the request is going: the account's location, the body's, or the group's. */
  async function locationOf(sub: Subscription, params: AccountParams, body: unknown): Promise<string> {
    const account = await ctx.store.videoIndexerAccounts.get(keyOf.resource(sub.id, params.resourceGroupName, params.accountName));
    if (account) return normalizeLocation(account.location);
    try {
      const loc = typeof body === "string" ? (JSON.parse(body) as { location?: unknown }).location : undefined;
      if (typeof loc === "string" && loc) return normalizeLocation(loc);
    } catch {
      // not JSON: the body is judged later, in order
    }
    const rg = await ctx.store.resourceGroups.get(keyOf.resourceGroup(sub.id, params.resourceGroupName));
    return rg ? normalizeLocation(rg.location) : "global";
  }

  /** The ordered checks of every route under `/accounts/{accountName}`. */
  async function accountScoped(c: Call, family: ViFamily, action: string, mustExist: boolean): Promise<AccountScope> {
    const params = c.req.params as AccountParams;
    const raw = guard.apiVersion(c.req);
    const principal = await guard.authenticate(c.req, params.subscriptionId);
    const sub = await guard.subscription(params.subscriptionId, principal);
    rateLimit(c, principal, sub.id);
    const p = await version(c, raw, family, () => locationOf(sub, params, c.req.body));
    const scope = `/subscriptions/${params.subscriptionId}/resourceGroups/${params.resourceGroupName}/providers/${VI_ACCOUNT_TYPE}/${params.accountName}`;
    await guard.authorize(principal, action, scope);
    const rg = await guard.resourceGroup(sub.id, params.resourceGroupName);
    checkAccountName(params.accountName, p);
    const account = await ctx.store.videoIndexerAccounts.get(keyOf.resource(sub.id, rg.name, params.accountName));
    if (!account && mustExist) throw armErrors.resourceNotFound(VI_ACCOUNT_TYPE, params.accountName, params.resourceGroupName);
    return { principal, sub, rg, account, p, scope };
  }

  /** The checks of the subscription-level routes (lists, checkNameAvailability). */
  async function subscriptionScoped(c: Call, family: ViFamily, action: string) {
    const { subscriptionId } = c.req.params as { subscriptionId: string };
    const raw = guard.apiVersion(c.req);
    const principal = await guard.authenticate(c.req, subscriptionId);
    const sub = await guard.subscription(subscriptionId, principal);
    rateLimit(c, principal, sub.id);
    const p = await version(c, raw, family, async () => "global");
    await guard.authorize(principal, action, `/subscriptions/${subscriptionId}`);
    return { principal, sub, p };
  }

  function systemData(principal: Principal, now: Date, previous?: SystemData): SystemData {
    const by = principalDisplayName(principal);
    const byType = principal.kind === "user" ? "User" : "Application";
    const at = now.toISOString();
    return {
      createdBy: previous?.createdBy ?? by,
      createdByType: previous?.createdByType ?? byType,
      createdAt: previous?.createdAt ?? at,
      lastModifiedBy: by,
      lastModifiedByType: byType,
      lastModifiedAt: at,
    };
  }

  // ---- Operations_List -------------------------------------------------------------------

  app.get(
    `/providers/${VI_PROVIDER}/operations`,
    handle(async (c) => {
      const raw = guard.apiVersion(c.req);
      const principal = await guard.authenticate(c.req);
      rateLimit(c, principal);
      const p = await version(c, raw, "operations", async () => "global");
      return operationsView(p);
    }),
  );

  // ---- checkNameAvailability and lists ---------------------------------------------------

  app.post(
    `/subscriptions/:subscriptionId/providers/${VI_PROVIDER}/checkNameAvailability`,
    handle(async (c) => {
      const { p } = await subscriptionScoped(c, "checkNameAvailability", `${VI_PROVIDER}/checknameavailability/action`);
      const { name } = validateCheckName(parseArmBody(c.req.body, "AccountCheckNameAvailabilityParameters"));
      // Lazurite's choice [U]: an invalid name is "not available" with reason Invalid (common-types'
      // CheckNameAvailabilityReason) rather than an error; VI's enum names only AlreadyExists.
      const problem = accountNameProblem(name, p);
      if (problem) return { nameAvailable: false, reason: "Invalid", message: problem };
      // Account names are unique across Azure (the spec's parameter description), hence every subscription.
      const taken = (await ctx.store.videoIndexerAccounts.list()).some((a) => canon(a.name) === canon(name));
      return taken ? { nameAvailable: false, reason: "AlreadyExists", message: "Resource name already exists" } : { nameAvailable: true };
    }),
  );

  app.get(
    `/subscriptions/:subscriptionId/providers/${VI_PROVIDER}/accounts`,
    handle(async (c) => {
      const { sub, p } = await subscriptionScoped(c, "accounts", ACTION("read"));
      const accounts = await ctx.store.videoIndexerAccounts.list({ scopePrefix: `${sub.id}/` });
      return { value: accounts.map((a) => accountView(a, sub.tenantId, p)) };
    }),
  );

  app.get(
    A,
    handle(async (c) => {
      const { subscriptionId, resourceGroupName } = c.req.params as AccountParams;
      const raw = guard.apiVersion(c.req);
      const principal = await guard.authenticate(c.req, subscriptionId);
      const sub = await guard.subscription(subscriptionId, principal);
      rateLimit(c, principal, sub.id);
      const p = await version(c, raw, "accounts", async () => {
        const rg = await ctx.store.resourceGroups.get(keyOf.resourceGroup(sub.id, resourceGroupName));
        return rg ? normalizeLocation(rg.location) : "global";
      });
      await guard.authorize(principal, ACTION("read"), `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`);
      const rg = await guard.resourceGroup(sub.id, resourceGroupName);
      const accounts = await ctx.store.videoIndexerAccounts.list({ scope: canon(`${sub.id}/${rg.name}`) });
      return { value: accounts.map((a) => accountView(a, sub.tenantId, p)) };
    }),
  );

  // ---- account CRUD ----------------------------------------------------------------------

  app.get(
    `${A}/:accountName`,
    handle(async (c) => {
      const s = await accountScoped(c, "accounts", ACTION("read"), true);
      return accountView(s.account!, s.sub.tenantId, s.p);
    }),
  );

  app.put(
    `${A}/:accountName`,
    handle(async (c) => {
      const s = await accountScoped(c, "accounts", ACTION("write"), false);
      const { accountName } = c.req.params as AccountParams;
      const put = validateAccountPut(parseArmBody(c.req.body, "Account"), s.p);
      const existing = s.account;
      if (existing) {
        if (normalizeLocation(existing.location) !== normalizeLocation(put.location)) {
          throw armErrors.invalidResourceLocation(existing.name, existing.location, s.rg.name, put.location);
        }
        if (put.accountId && put.accountId !== existing.accountId) {
          throw armErrors.invalidParameter(
            `The property 'properties.accountId' cannot be changed (it is '${existing.accountId}').`,
            "properties.accountId",
          );
        }
      }
      // Global name uniqueness is not enforced on PUT [U]: the spec's own examples reuse one name in
      // several subscriptions. checkNameAvailability still reports any name Lazurite knows as taken.
      const now = ctx.now();
      let result: { created: boolean; entity: VideoIndexerAccount };
      try {
        result = await ctx.store.transaction(async (tx) => {
          const r = await new ResourceService(tx, ctx.now).putVideoIndexerAccount({
            subscriptionId: s.sub.id,
            resourceGroup: s.rg.name,
            name: accountName,
            location: put.location,
            tags: put.tags ?? {},
            accountId: put.accountId,
          });
          const entity: VideoIndexerAccount = {
            ...r.entity,
            properties: put.properties as Record<string, unknown>,
            identity: put.identity as Record<string, unknown> | undefined,
            systemData: systemData(s.principal, now, existing?.systemData),
          };
          await tx.videoIndexerAccounts.upsert(entity);
          return { created: r.created, entity };
        });
      } catch (e) {
        if (e instanceof ResourceError && e.kind === "conflict") throw armErrors.conflict("Conflict", e.message, "properties.accountId");
        throw e;
      }
      c.reply.code(result.created ? 201 : 200);
      return accountView(result.entity, s.sub.tenantId, s.p);
    }),
  );

  app.patch(
    `${A}/:accountName`,
    handle(async (c) => {
      const s = await accountScoped(c, "accounts", ACTION("write"), true);
      const patch = validateAccountPatch(parseArmBody(c.req.body, "AccountPatch"), s.p);
      const a = s.account!;
      const stored = { ...((a.properties ?? {}) as StoredProperties) };
      for (const k of ["storageServices", "mediaServices", "openAiServices"] as const) {
        if (patch.properties[k]) stored[k] = { ...(stored[k] ?? {}), ...patch.properties[k] };
      }
      if (patch.properties.publicNetworkAccess) stored.publicNetworkAccess = patch.properties.publicNetworkAccess;
      const updated: VideoIndexerAccount = {
        ...a,
        tags: patch.tags !== undefined ? patch.tags : a.tags,
        identity: patch.identity !== undefined ? (patch.identity as unknown as Record<string, unknown>) : a.identity,
        properties: stored,
        systemData: systemData(s.principal, ctx.now(), a.systemData),
      };
      await ctx.store.videoIndexerAccounts.upsert(updated);
      return accountView(updated, s.sub.tenantId, s.p);
    }),
  );

  app.delete(
    `${A}/:accountName`,
    handle(async (c) => {
      const s = await accountScoped(c, "accounts", ACTION("delete"), false);
      // 204 when there is nothing to delete, 200 (no body) when the account went (spec: not an LRO).
      if (!s.account) return c.reply.code(204).send();
      await new ResourceService(ctx.store, ctx.now).deleteResource("videoIndexerAccounts", s.sub.id, s.rg.name, s.account.name);
      return c.reply.code(200).send();
    }),
  );

  // ---- access tokens ---------------------------------------------------------------------

  const tokenOps: { op: string; kind: TokenKind; family: ViFamily; type: string }[] = [
    { op: "generateAccessToken", kind: "standard", family: "accounts", type: "GenerateAccessTokenParameters" },
    {
      op: "generateRestrictedViewerAccessToken",
      kind: "restrictedViewer",
      family: "accounts/generateRestrictedViewerAccessToken",
      type: "GenerateRestrictedViewerAccessTokenParameters",
    },
    {
      op: "generateExtensionAccessToken",
      kind: "extension",
      family: "accounts/generateExtensionAccessToken",
      type: "GenerateExtensionAccessTokenParameters",
    },
    {
      op: "generateExtensionRestrictedViewerAccessToken",
      kind: "extensionRestrictedViewer",
      family: "accounts/generateExtensionRestrictedViewerAccessToken",
      type: "GenerateExtensionRestrictedViewerAccessTokenParameters",
    },
  ];
  for (const t of tokenOps) {
    app.post(
      `${A}/:accountName/${t.op}`,
      handle(async (c) => {
        const s = await accountScoped(c, t.family, ACTION(`${t.op}/action`), true);
        const request = validateTokenRequest(t.kind, parseArmBody(c.req.body, t.type), s.p);
        // The permission the token grants needs the matching right on the account (Lazurite's rule, docs/video-indexer.md).
        if (request.permission === "Contributor") await guard.authorize(s.principal, ACTION("write"), s.scope);
        if (request.permission === "Reader") await guard.authorize(s.principal, ACTION("read"), s.scope);
        const token = await ctx.keys.sign(
          ISSUERS.videoIndexer,
          ctx.settings.tokenAlg,
          viTokenClaims(s.account!, request, s.principal, ctx.now()),
        );
        return accessTokenView(token);
      }),
    );
  }

  // ---- private endpoint connections and private link resources -----------------------------
  // Lazurite's accounts never have any (connections are made by Microsoft.Network when a private
  // endpoint is created, which Lazurite does not emulate): lists are empty, a named item is
  // ARM's ResourceNotFound for the nested type, and deleting one that is absent is 204 [U].

  const PEC = "accounts/privateEndpointConnections" as const;
  const PLR = "accounts/privateLinkResources" as const;
  const childNotFound = (accountName: string, child: string, name: string, rg: string) =>
    armErrors.resourceNotFound(`${VI_ACCOUNT_TYPE}/${accountName}/${child}`, name, rg);

  app.get(
    `${A}/:accountName/privateEndpointConnections`,
    handle(async (c) => {
      await accountScoped(c, PEC, ACTION("privateEndpointConnections/read"), true);
      return { value: [] };
    }),
  );
  for (const method of ["GET", "PUT", "DELETE"] as const) {
    const action = { GET: "read", PUT: "write", DELETE: "delete" }[method];
    app.route({
      method,
      url: `${A}/:accountName/privateEndpointConnections/:privateEndpointConnectionName`,
      handler: handle(async (c) => {
        await accountScoped(c, PEC, ACTION(`privateEndpointConnections/${action}`), true);
        const { accountName, resourceGroupName, privateEndpointConnectionName } = c.req.params as AccountParams & {
          privateEndpointConnectionName: string;
        };
        if (method === "DELETE") return c.reply.code(204).send();
        throw childNotFound(accountName, "privateEndpointConnections", privateEndpointConnectionName, resourceGroupName);
      }),
    });
  }
  app.get(
    `${A}/:accountName/privateLinkResources`,
    handle(async (c) => {
      await accountScoped(c, PLR, ACTION("privateLinkResources/read"), true);
      return { value: [] };
    }),
  );
  app.get(
    `${A}/:accountName/privateLinkResources/:groupId`,
    handle(async (c) => {
      await accountScoped(c, PLR, ACTION("privateLinkResources/read"), true);
      const { accountName, resourceGroupName, groupId } = c.req.params as AccountParams & { groupId: string };
      throw childNotFound(accountName, "privateLinkResources", groupId, resourceGroupName);
    }),
  );
}

function stripTarget(e: ServiceError): void {
  const error = (e.body as { error?: Record<string, unknown> } | undefined)?.error;
  if (error && "target" in error) delete error["target"];
}
