import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { applyConfig, ConfigError, parseConfigText, validateConfigDocument } from "../../config/config-file.js";
import { adminErrors } from "../../errors/admin.js";
import { ISSUERS } from "../../keys/key-service.js";
import { isSigningAlgorithm } from "../../keys/algorithms.js";
import { isGuid } from "../../model/ids.js";
import { BUILTIN_ROLES } from "../../rbac/builtin-roles.js";
import {
  applicationDecl,
  faceResourceDecl,
  problemsOf,
  resourceGroupDecl,
  roleAssignmentDecl,
  subscriptionDecl,
  tenantDecl,
  userDecl,
  videoIndexerAccountDecl,
} from "../../resources/declarations.js";
import { ResourceError, ResourceService } from "../../resources/resource-service.js";
import { keyOf } from "../../store/collections.js";
import type { Collections } from "../../store/store.js";
import type { AppContext } from "../../server/context.js";
import { send } from "../../server/pipeline.js";
import { adminAuthorizer } from "./auth.js";
import { toDecl, views } from "./views.js";

type Params = Record<string, string>;

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw adminErrors.invalid(problemsOf(r.error));
  return r.data;
}

function mapResourceError(e: unknown): never {
  if (e instanceof ResourceError) {
    if (e.kind === "not-found") throw adminErrors.notFound(e.message.replace(/ does not exist\.$/, ""));
    if (e.kind === "conflict") throw adminErrors.conflict(e.message);
    throw adminErrors.invalid([e.message]);
  }
  throw e;
}

/**
 * One resource kind on the admin surface: list and create on the collection path; get, update
 * (PUT merges over what exists) and delete on the item path.
 */
interface Kind<E> {
  collection: string;
  item: string;
  list(c: Collections, p: Params, q: Params): Promise<E[]>;
  get(c: Collections, p: Params): Promise<E | undefined>;
  /** Declaration fields fixed by the path (e.g. the item's own key). */
  fromPath(p: Params): Record<string, string | undefined>;
  /** The item's own path parameter, read from a declaration (to refuse a POST that would overwrite). */
  keyFromDecl(d: any): Params;
  schema: z.ZodType;
  put(svc: ResourceService, p: Params, decl: never): Promise<{ created: boolean; entity: E }>;
  remove(svc: ResourceService, c: Collections, p: Params): Promise<boolean>;
  view(e: E): unknown;
  toDecl?(e: E): Record<string, unknown>;
  what(p: Params): string;
}

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const authorized = adminAuthorizer(ctx.adminToken);
  // POST /config also takes a YAML document as text.
  app.addContentTypeParser(
    ["application/yaml", "application/x-yaml", "text/yaml", "text/plain"],
    { parseAs: "string" },
    (_req, body, done) => done(null, body),
  );
  app.addHook("onRequest", async (req: FastifyRequest, reply) => {
    if (!authorized(req)) return send(reply, adminErrors.unauthorized());
  });

  const tx = <T>(fn: (c: Collections, svc: ResourceService) => Promise<T>) =>
    ctx.store.transaction(async (c) => {
      try {
        return await fn(c, new ResourceService(c, ctx.now));
      } catch (e) {
        return mapResourceError(e);
      }
    });

  const kinds: Kind<any>[] = [
    {
      collection: "/tenants",
      item: "/tenants/:tenantId",
      list: (c) => c.tenants.list(),
      get: (c, p) => c.tenants.get(keyOf.tenant(p.tenantId!)),
      fromPath: (p) => (p.tenantId ? { id: p.tenantId } : {}),
      keyFromDecl: (d) => ({ tenantId: d.id }),
      schema: tenantDecl,
      put: (svc, _p, d) => svc.putTenant(d),
      remove: (svc, _c, p) => svc.deleteTenant(p.tenantId!),
      view: views.tenant,
      toDecl: toDecl.tenant,
      what: (p) => `Tenant '${p.tenantId}'`,
    },
    {
      collection: "/tenants/:tenantId/applications",
      item: "/tenants/:tenantId/applications/:clientId",
      list: (c, p) => c.applications.list({ scope: p.tenantId!.toLowerCase() }),
      get: (c, p) => c.applications.get(keyOf.application(p.tenantId!, p.clientId!)),
      fromPath: (p) => (p.clientId ? { clientId: p.clientId } : {}),
      keyFromDecl: (d) => ({ clientId: d.clientId }),
      schema: applicationDecl,
      put: (svc, p, d) => svc.putApplication(p.tenantId!, d),
      remove: async (svc, c, p) => {
        await svc.requireTenant(p.tenantId!);
        return c.applications.delete(keyOf.application(p.tenantId!, p.clientId!));
      },
      view: views.application,
      toDecl: toDecl.application,
      what: (p) => `Application '${p.clientId}' in tenant '${p.tenantId}'`,
    },
    {
      collection: "/tenants/:tenantId/users",
      item: "/tenants/:tenantId/users/:objectId",
      list: (c, p) => c.users.list({ scope: p.tenantId!.toLowerCase() }),
      get: (c, p) => c.users.get(keyOf.user(p.tenantId!, p.objectId!)),
      fromPath: (p) => (p.objectId ? { objectId: p.objectId } : {}),
      // Users may be declared by UPN alone; their object id is then derived, so look up by UPN.
      keyFromDecl: (d) => (d.objectId ? { objectId: d.objectId } : { objectId: "" }),
      schema: userDecl,
      put: (svc, p, d) => svc.putUser(p.tenantId!, d),
      remove: (_svc, c, p) => c.users.delete(keyOf.user(p.tenantId!, p.objectId!)),
      view: views.user,
      toDecl: toDecl.user,
      what: (p) => `User '${p.objectId}' in tenant '${p.tenantId}'`,
    },
    {
      collection: "/subscriptions",
      item: "/subscriptions/:subscriptionId",
      list: (c, _p, q) => c.subscriptions.list(q.tenantId ? { scope: q.tenantId.toLowerCase() } : undefined),
      get: (c, p) => c.subscriptions.get(keyOf.subscription(p.subscriptionId!)),
      fromPath: (p) => (p.subscriptionId ? { id: p.subscriptionId } : {}),
      keyFromDecl: (d) => ({ subscriptionId: d.id }),
      schema: subscriptionDecl,
      put: (svc, _p, d) => svc.putSubscription(d),
      remove: (svc, _c, p) => svc.deleteSubscription(p.subscriptionId!),
      view: views.subscription,
      toDecl: toDecl.subscription,
      what: (p) => `Subscription '${p.subscriptionId}'`,
    },
    {
      collection: "/subscriptions/:subscriptionId/resourceGroups",
      item: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroup",
      list: (c, p) => c.resourceGroups.list({ scope: p.subscriptionId!.toLowerCase() }),
      get: (c, p) => c.resourceGroups.get(keyOf.resourceGroup(p.subscriptionId!, p.resourceGroup!)),
      fromPath: (p) => (p.resourceGroup ? { name: p.resourceGroup } : {}),
      keyFromDecl: (d) => ({ resourceGroup: d.name }),
      schema: resourceGroupDecl,
      put: (svc, p, d) => svc.putResourceGroup(p.subscriptionId!, d),
      remove: (svc, _c, p) => svc.deleteResourceGroup(p.subscriptionId!, p.resourceGroup!),
      view: views.resourceGroup,
      toDecl: toDecl.resourceGroup,
      what: (p) => `Resource group '${p.resourceGroup}' in subscription '${p.subscriptionId}'`,
    },
    resourceKind(
      "videoIndexerAccounts",
      videoIndexerAccountDecl,
      (svc, d) => svc.putVideoIndexerAccount(d as never),
      views.videoIndexerAccount,
      toDecl.videoIndexerAccount,
      "Video Indexer account",
    ),
    resourceKind(
      "faceResources",
      faceResourceDecl,
      (svc, d) => svc.putFaceResource(d as never),
      views.faceResource,
      toDecl.faceResource,
      "Face resource",
    ),
    {
      collection: "/roleAssignments",
      item: "/roleAssignments/:assignmentId",
      list: async (c, _p, q) =>
        (await c.roleAssignments.list()).filter(
          (r) =>
            (!q.principalId || r.principalId === q.principalId.toLowerCase()) &&
            (!q.scope || r.scope.toLowerCase() === q.scope.toLowerCase()),
        ),
      get: (c, p) => c.roleAssignments.get(keyOf.roleAssignment(p.assignmentId!)),
      fromPath: (p) => (p.assignmentId ? { id: p.assignmentId } : {}),
      keyFromDecl: (d) => ({ assignmentId: d.id ?? "" }),
      schema: roleAssignmentDecl,
      put: (svc, _p, d) => svc.putRoleAssignment(d),
      remove: (_svc, c, p) => c.roleAssignments.delete(keyOf.roleAssignment(p.assignmentId!)),
      view: views.roleAssignment,
      what: (p) => `Role assignment '${p.assignmentId}'`,
    },
  ];

  for (const k of kinds) {
    app.get(k.collection, async (req) => {
      const p = req.params as Params;
      const items = await k.list(ctx.store, p, req.query as Params);
      return { value: items.map(k.view) };
    });
    app.post(k.collection, async (req, reply) => {
      const p = req.params as Params;
      const result = await tx(async (c, svc) => {
        const decl = parse(k.schema, { ...(req.body as object), ...k.fromPath(p) });
        const probe = { ...p, ...k.keyFromDecl(decl) };
        if (await k.get(c, probe)) throw adminErrors.conflict(`${k.what(probe)} already exists.`);
        return k.put(svc, p, decl as never);
      });
      return reply.code(201).send(k.view(result.entity));
    });
    app.get(k.item, async (req) => {
      const p = req.params as Params;
      const e = await k.get(ctx.store, p);
      if (!e) throw adminErrors.notFound(k.what(p));
      return k.view(e);
    });
    if (k.toDecl) {
      const toDeclFn = k.toDecl;
      app.put(k.item, async (req, reply) => {
        const p = req.params as Params;
        const result = await tx(async (c, svc) => {
          const existing = await k.get(c, p);
          const decl = parse(k.schema, { ...(existing ? toDeclFn(existing) : {}), ...(req.body as object), ...k.fromPath(p) });
          return k.put(svc, p, decl as never);
        });
        return reply.code(result.created ? 201 : 200).send(k.view(result.entity));
      });
    }
    app.delete(k.item, async (req, reply) => {
      const p = req.params as Params;
      const deleted = await tx((c, svc) => k.remove(svc, c, p));
      if (!deleted) throw adminErrors.notFound(k.what(p));
      return reply.code(204).send();
    });
  }

  // ---- operations that are not plain CRUD ---------------------------------------------------

  app.post("/tenants/:tenantId/applications/:clientId/secrets", async (req, reply) => {
    const p = req.params as Params;
    const body = parse(
      z.strictObject({ displayName: z.string().optional(), expiresAt: z.iso.datetime({ offset: true }).optional() }),
      req.body,
    );
    const { secret, record } = await tx((_c, svc) => svc.addClientSecret(p.tenantId!, p.clientId!, body));
    const { sha256: _h, ...visible } = record;
    return reply.code(201).send({ ...visible, secret });
  });

  app.delete("/tenants/:tenantId/applications/:clientId/secrets/:secretId", async (req, reply) => {
    const p = req.params as Params;
    if (!(await tx((_c, svc) => svc.removeClientSecret(p.tenantId!, p.clientId!, p.secretId!)))) {
      throw adminErrors.notFound(`Secret '${p.secretId}'`);
    }
    return reply.code(204).send();
  });

  app.post("/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/faceResources/:name/regenerateKey", async (req) => {
    const p = req.params as Params;
    const body = parse(z.strictObject({ keyName: z.enum(["Key1", "Key2", "key1", "key2"]) }), req.body);
    const f = await tx((_c, svc) =>
      svc.regenerateFaceKey(p.subscriptionId!, p.resourceGroup!, p.name!, body.keyName.toLowerCase() as "key1" | "key2"),
    );
    return { key1: f.keys[0], key2: f.keys[1] };
  });

  app.get("/roleDefinitions", async () => ({ value: BUILTIN_ROLES }));

  app.get("/keys", async () => ({ value: await ctx.keys.describe() }));

  app.post("/keys/rotate", async (req) => {
    const body = parse(z.strictObject({ issuer: z.string(), alg: z.string().optional() }), req.body);
    const issuer = body.issuer === "videoIndexer" || body.issuer === "face" ? body.issuer : parseEntraIssuer(body.issuer);
    const alg = body.alg ?? (issuer.startsWith("entra:") ? "RS256" : ctx.settings.tokenAlg);
    if (!isSigningAlgorithm(alg)) throw adminErrors.invalid([`alg: not one of RS256, PS256, ES256, ES384`]);
    const { privateJwk: _secret, ...record } = await ctx.keys.rotate(issuer, alg);
    return record;
  });

  app.post("/config", async (req, reply) => {
    try {
      const body = typeof req.body === "string" ? parseConfigText(req.body, "request.yaml") : req.body;
      const doc = await validateConfigDocument(body, "request body");
      await applyConfig(doc, ctx.store, "request body", ctx.now);
    } catch (e) {
      if (e instanceof ConfigError) throw adminErrors.invalid(e.problems);
      throw e;
    }
    return reply.code(200).send({ applied: true });
  });
}

function parseEntraIssuer(value: string): string {
  const tid = value.startsWith("entra:") ? value.slice(6) : value;
  if (!isGuid(tid)) throw adminErrors.invalid([`issuer: expected 'videoIndexer', 'face' or 'entra:{tenantId}'`]);
  return ISSUERS.entra(tid);
}

function resourceKind(
  segment: string,
  schema: z.ZodType,
  put: (svc: ResourceService, d: unknown) => Promise<{ created: boolean; entity: any }>,
  view: (e: any) => unknown,
  decl: (e: any) => Record<string, unknown>,
  label: string,
): Kind<any> {
  const collectionName = segment as "videoIndexerAccounts" | "faceResources";
  return {
    collection: `/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/${segment}`,
    item: `/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/${segment}/:name`,
    list: (c, p) => c[collectionName].list({ scope: `${p.subscriptionId}/${p.resourceGroup}`.toLowerCase() }),
    get: (c, p) => c[collectionName].get(keyOf.resource(p.subscriptionId!, p.resourceGroup!, p.name!)),
    fromPath: (p) => ({ subscriptionId: p.subscriptionId!, resourceGroup: p.resourceGroup!, ...(p.name ? { name: p.name } : {}) }),
    keyFromDecl: (d) => ({ name: d.name }),
    schema,
    put: (svc, _p, d) => put(svc, d),
    remove: (svc, _c, p) => svc.deleteResource(collectionName, p.subscriptionId!, p.resourceGroup!, p.name!),
    view,
    toDecl: decl,
    what: (p) => `${label} '${p.name}' in resource group '${p.resourceGroup}'`,
  };
}

/** Flat lists across subscriptions, for `lazurite vi-account list` and `lazurite face list`. */
export function registerAdminFlatLists(app: FastifyInstance, ctx: AppContext): void {
  app.get("/videoIndexerAccounts", async (req) => {
    const q = req.query as Params;
    const items = await ctx.store.videoIndexerAccounts.list(
      q.subscriptionId ? { scopePrefix: `${q.subscriptionId.toLowerCase()}/` } : undefined,
    );
    return { value: items.map(views.videoIndexerAccount) };
  });
  app.get("/faceResources", async (req) => {
    const q = req.query as Params;
    const items = await ctx.store.faceResources.list(q.subscriptionId ? { scopePrefix: `${q.subscriptionId.toLowerCase()}/` } : undefined);
    return { value: items.map(views.faceResource) };
  });
}
