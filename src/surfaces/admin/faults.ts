import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../core/context.js";
import { FaultRuleLimitError } from "../../faults/injector.js";
import { faultRuleDecl } from "../../faults/rule-schema.js";
import { adminErrors } from "./errors.js";
import type { Params } from "./kinds.js";
import { parseBody } from "./transaction.js";

/**
 * The chaos API (docs/observability.md#fault-injection): `POST /faults` adds a rule, `GET /faults`
 * lists them, `GET|DELETE /faults/{id}` one, `DELETE /faults` all of them.
 */
export function registerFaultRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post("/faults", async (req, reply) => {
    const decl = parseBody(faultRuleDecl, req.body);
    if (decl.surface !== undefined && !ctx.faults.surfaces.includes(decl.surface.toLowerCase())) {
      throw adminErrors.invalid([`surface: one of ${ctx.faults.surfaces.join(", ")} (the admin surface is never faulted)`]);
    }
    try {
      const rule = await ctx.faults.add({ ...decl, ...(decl.surface ? { surface: decl.surface.toLowerCase() } : {}) }, ctx.now());
      return reply.code(201).send(rule);
    } catch (e) {
      if (e instanceof FaultRuleLimitError) throw adminErrors.conflict(e.message);
      throw e;
    }
  });

  app.get("/faults", async () => ({ value: await ctx.faults.list() }));

  app.get("/faults/:id", async (req) => {
    const { id } = req.params as Params;
    const rule = await ctx.faults.get(id!);
    if (!rule) throw adminErrors.notFound(`Fault rule '${id}'`);
    return rule;
  });

  app.delete("/faults/:id", async (req, reply) => {
    const { id } = req.params as Params;
    if (!(await ctx.faults.remove(id!))) throw adminErrors.notFound(`Fault rule '${id}'`);
    return reply.code(204).send();
  });

  app.delete("/faults", async () => ({ deleted: await ctx.faults.clear() }));
}
