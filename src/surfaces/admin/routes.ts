import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { AppContext } from "../../core/context.js";
import { adminErrors } from "./errors.js";
import {
  applicationsKind,
  faceResourcesKind,
  resourceGroupsKind,
  roleAssignmentsKind,
  subscriptionsKind,
  tenantsKind,
  usersKind,
  videoIndexerAccountsKind,
  type Kind,
  type Params,
} from "./kinds.js";
import { inTransaction, parseBody } from "./transaction.js";

/** The CRUD routes of one kind. */
function registerKind<E, S extends z.ZodType>(app: FastifyInstance, ctx: AppContext, k: Kind<E, S>): void {
  const body = (b: unknown): Record<string, unknown> =>
    typeof b === "object" && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};

  app.get(k.collection, async (req) => {
    const items = await k.list(ctx.store, req.params as Params, req.query as Params);
    return { value: items.map((e) => k.view(e)) };
  });

  app.post(k.collection, async (req, reply) => {
    const p = req.params as Params;
    const result = await inTransaction(ctx, async (c, svc) => {
      const decl = parseBody(k.schema, { ...body(req.body), ...k.fromPath(p) });
      const probe = { ...p, ...k.keyFromDecl(decl) };
      if (await k.get(c, probe)) throw adminErrors.conflict(`${k.what(probe)} already exists.`);
      return k.put(svc, p, decl);
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
    const toDecl = (e: E) => k.toDecl!(e);
    app.put(k.item, async (req, reply) => {
      const p = req.params as Params;
      const result = await inTransaction(ctx, async (c, svc) => {
        const existing = await k.get(c, p);
        const decl = parseBody(k.schema, { ...(existing ? toDecl(existing) : {}), ...body(req.body), ...k.fromPath(p) });
        return k.put(svc, p, decl);
      });
      return reply.code(result.created ? 201 : 200).send(k.view(result.entity));
    });
  }

  app.delete(k.item, async (req, reply) => {
    const p = req.params as Params;
    if (!(await inTransaction(ctx, (_c, svc) => k.remove(svc, p)))) throw adminErrors.notFound(k.what(p));
    return reply.code(204).send();
  });
}

/** Every entity kind of the admin API, each with its collection and item routes. */
export function registerEntityRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerKind(app, ctx, tenantsKind);
  registerKind(app, ctx, applicationsKind);
  registerKind(app, ctx, usersKind);
  registerKind(app, ctx, subscriptionsKind);
  registerKind(app, ctx, resourceGroupsKind);
  registerKind(app, ctx, videoIndexerAccountsKind);
  registerKind(app, ctx, faceResourcesKind);
  registerKind(app, ctx, roleAssignmentsKind);
}
