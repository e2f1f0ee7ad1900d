import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../../core/context.js";
import { armErrors } from "../errors.js";
import { ArmRateLimiter } from "../rate-limit.js";
import { ArmCall, type ArmOperation, type ArmProviderInfo } from "./operation.js";
import { matchScoped } from "./scope.js";
import { armSteps, type Step } from "./steps.js";

/** A resource provider: its namespace, what Microsoft.Resources says about it, and its operations. */
export interface ArmProvider extends ArmProviderInfo {
  readonly operations: readonly ArmOperation[];
  /**
   * Routes outside the check chain, for the few ARM endpoints Azure serves without authentication
   * (cloud metadata: `az cloud register` and Terraform fetch it before they have a token).
   */
  readonly plainRoutes?: (app: FastifyInstance, ctx: AppContext) => void;
}

/** Where scoped operations (scope.ts) are routed from: every scope starts with one of these. */
const SCOPE_ROOTS = ["/subscriptions/*", "/providers/*"] as const;

/**
 * Registers every operation of `providers` on `app`, each as a handler that runs its plan (the
 * applicable steps, in the chain's order) and then the operation's own handler. Plans are
 * computed here, once; nothing is built per request but the call's state.
 *
 * Scoped operations cannot be Fastify paths (a scope has any number of segments), so they are
 * served by catch-all routes under the two roots every scope starts with: Fastify tries them only
 * when no other route matches, and a path no scoped operation matches gets ARM's not-found.
 */
export function mountProviders(app: FastifyInstance, ctx: AppContext, providers: readonly ArmProvider[]): void {
  // One rate limiter for the whole ARM surface: ARM's budgets span every provider.
  const steps = armSteps(new ArmRateLimiter(ctx.now, ctx.settings.armThrottling === true));
  const catalog: readonly ArmProviderInfo[] = providers;
  const planned = providers.flatMap((p) => p.operations).map((op) => ({ op, plan: steps.filter((s) => s.applies(op)) }));

  const run = async (req: FastifyRequest, reply: FastifyReply, op: ArmOperation, plan: readonly Step[], scope = "") => {
    req.operation = op.id;
    const call = new ArmCall(req, reply, ctx, op, catalog);
    call.scope = scope;
    for (const step of plan) {
      const pending = step.run(call);
      if (pending) await pending; // most steps are synchronous: no microtask for them
    }
    return op.handle(call);
  };

  // HEAD routes first: Fastify adds a HEAD sibling to every GET unless one is already there.
  const byMethod = (m: string) => (m === "HEAD" ? 0 : 1);
  for (const { op, plan } of [...planned].sort((a, b) => byMethod(a.op.method) - byMethod(b.op.method))) {
    if (op.scoped) continue;
    // The operation id in the route's config: fault rules and metrics name a route by it before the handler runs.
    app.route({ method: op.method, url: op.path, config: { operation: op.id }, handler: (req, reply) => run(req, reply, op, plan) });
  }

  const scoped = planned.filter((p) => p.op.scoped);
  const methods = [...new Set(scoped.map((p) => p.op.method))];
  for (const method of methods) {
    const candidates = scoped.filter((p) => p.op.method === method);
    for (const root of SCOPE_ROOTS) {
      // Which operation a scoped path is, decided before the handlers (preValidation runs before the
      // server's preHandler), so that fault rules and metrics name it as they do a fixed route.
      const matched = new WeakMap<object, { planned: (typeof candidates)[number]; scope: string }>();
      app.route({
        method,
        url: root,
        preValidation: async (req) => {
          const path = `${root.slice(0, -2)}/${(req.params as Record<string, string>)["*"] ?? ""}`;
          for (const planned of candidates) {
            const m = matchScoped(path, planned.op.path);
            if (!m) continue;
            const { subscriptionId, resourceGroupName } = m.scope;
            req.params = {
              ...m.params,
              ...(subscriptionId !== undefined ? { subscriptionId } : {}),
              ...(resourceGroupName !== undefined ? { resourceGroupName } : {}),
            };
            req.operation = planned.op.id;
            matched.set(req, { planned, scope: m.scope.scope });
            return;
          }
          throw armErrors.noRouteFound(req.url.split("?")[0]!);
        },
        handler: async (req, reply) => {
          const m = matched.get(req)!;
          return run(req, reply, m.planned.op, m.planned.plan, m.scope);
        },
      });
    }
  }

  for (const p of providers) p.plainRoutes?.(app, ctx);
}
