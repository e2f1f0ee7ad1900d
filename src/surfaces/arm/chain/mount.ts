import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../../core/context.js";
import { ArmRateLimiter } from "../rate-limit.js";
import { ArmCall, type ArmOperation } from "./operation.js";
import { armSteps, type Step } from "./steps.js";

/** A resource provider: its namespace, the URL roots it answers under, and its operations. */
export interface ArmProvider {
  readonly namespace: string;
  readonly operations: readonly ArmOperation[];
}

/**
 * Registers every operation of `providers` on `app`, each as a handler that runs its plan (the
 * applicable steps, in the chain's order) and then the operation's own handler. Plans are
 * computed here, once; nothing is built per request but the call's state.
 */
export function mountProviders(app: FastifyInstance, ctx: AppContext, providers: readonly ArmProvider[]): void {
  // One rate limiter for the whole ARM surface: ARM's budgets span every provider.
  const steps = armSteps(new ArmRateLimiter(ctx.now, ctx.settings.armThrottling === true));
  for (const provider of providers) {
    for (const op of provider.operations) {
      const plan: readonly Step[] = steps.filter((s) => s.applies(op));
      app.route({
        method: op.method,
        url: op.path,
        config: { operation: op.id },
        handler: async (req: FastifyRequest, reply: FastifyReply) => {
          const call = new ArmCall(req, reply, ctx, op);
          for (const step of plan) {
            const pending = step.run(call);
            if (pending) await pending; // most steps are synchronous: no microtask for them
          }
          return op.handle(call);
        },
      });
    }
  }
}
