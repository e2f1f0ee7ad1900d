import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { applyConfig, ConfigError, parseConfigText, validateConfigDocument } from "../../config/config-file.js";
import type { AppContext } from "../../core/context.js";
import { isSigningAlgorithm } from "../../keys/algorithms.js";
import { ISSUERS } from "../../keys/key-service.js";
import { isGuid } from "../../model/ids.js";
import { BUILTIN_ROLES } from "../../rbac/builtin-roles.js";
import { adminErrors } from "./errors.js";
import type { Params } from "./kinds.js";
import { inTransaction, parseBody } from "./transaction.js";
import { views } from "./views.js";

function parseEntraIssuer(value: string): string {
  const tid = value.startsWith("entra:") ? value.slice(6) : value;
  if (!isGuid(tid)) throw adminErrors.invalid([`issuer: expected 'videoIndexer', 'face' or 'entra:{tenantId}'`]);
  return ISSUERS.entra(tid);
}

/** The admin operations that are not plain CRUD: secrets, key regeneration, signing keys, config, flat lists. */
export function registerAdminOperations(app: FastifyInstance, ctx: AppContext): void {
  app.post("/tenants/:tenantId/applications/:clientId/secrets", async (req, reply) => {
    const p = req.params as Params;
    const body = parseBody(
      z.strictObject({ displayName: z.string().optional(), expiresAt: z.iso.datetime({ offset: true }).optional() }),
      req.body,
    );
    const { secret, record } = await inTransaction(ctx, (_c, svc) => svc.directory.addClientSecret(p.tenantId!, p.clientId!, body));
    const { sha256: _h, ...visible } = record;
    return reply.code(201).send({ ...visible, secret });
  });

  app.delete("/tenants/:tenantId/applications/:clientId/secrets/:secretId", async (req, reply) => {
    const p = req.params as Params;
    if (!(await inTransaction(ctx, (_c, svc) => svc.directory.removeClientSecret(p.tenantId!, p.clientId!, p.secretId!)))) {
      throw adminErrors.notFound(`Secret '${p.secretId}'`);
    }
    return reply.code(204).send();
  });

  app.post("/subscriptions/:subscriptionId/resourceGroups/:resourceGroup/faceResources/:name/regenerateKey", async (req) => {
    const p = req.params as Params;
    const body = parseBody(z.strictObject({ keyName: z.enum(["Key1", "Key2", "key1", "key2"]) }), req.body);
    const which = body.keyName === "Key1" || body.keyName === "key1" ? "key1" : "key2";
    const f = await inTransaction(ctx, (_c, svc) => svc.regenerateFaceKey(p.subscriptionId!, p.resourceGroup!, p.name!, which));
    return { key1: f.keys[0], key2: f.keys[1] };
  });

  // What `lazurite token msi` needs: the IDENTITY_HEADER secret is no more than the admin token already grants.
  app.get("/managedIdentity", async () => {
    const mi = ctx.settings.managedIdentity;
    return { endpointPath: "/msi/token", header: mi.header, clientId: mi.clientId, tenantId: mi.tenantId };
  });

  app.get("/roleDefinitions", async () => ({ value: BUILTIN_ROLES }));

  app.get("/keys", async () => ({ value: await ctx.keys.describe() }));

  app.post("/keys/rotate", async (req) => {
    const body = parseBody(z.strictObject({ issuer: z.string(), alg: z.string().optional() }), req.body);
    const issuer = body.issuer === "videoIndexer" || body.issuer === "face" ? body.issuer : parseEntraIssuer(body.issuer);
    const alg = body.alg ?? (issuer.startsWith("entra:") ? "RS256" : ctx.settings.tokenAlg);
    if (!isSigningAlgorithm(alg)) throw adminErrors.invalid([`alg: not one of RS256, PS256, ES256, ES384`]);
    const { privateJwk: _secret, ...record } = await ctx.keys.rotate(issuer, alg);
    return record;
  });

  app.post("/config", async (req, reply) => {
    try {
      const body = typeof req.body === "string" ? parseConfigText(req.body, "request.yaml") : req.body;
      // A document from the network may not name files on this machine (inline PEM only).
      const doc = await validateConfigDocument(body, "request body", "forbidden");
      await applyConfig(doc, ctx.store, "request body", ctx.now);
    } catch (e) {
      if (e instanceof ConfigError) throw adminErrors.invalid(e.problems);
      throw e;
    }
    return reply.code(200).send({ applied: true });
  });

  // Flat lists across subscriptions, for `lazurite vi-account list` and `lazurite face list`.
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
