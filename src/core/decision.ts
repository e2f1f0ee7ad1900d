/**
 * Why a request was refused, as the surface that refused it saw it: which check failed, for whom,
 * and what was needed. Surfaces fill it in when they refuse; the request inspector reads it.
 */
export interface Decision {
  /** The check that refused the request (an ARM chain step, `key`, `bearer`, `permission`…). */
  check: string;
  /** The refusal in plain words. */
  reason: string;
  /** The authenticated caller, when the refusal came after authentication. */
  principal?: { objectId: string; name: string; tenantId: string } | undefined;
  /** For authorization refusals: the action that was needed, over which scope, and whether it is a data action. */
  action?: string | undefined;
  scope?: string | undefined;
  dataAction?: boolean | undefined;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The operation the request was routed to (an ARM operationId, a Face or Entra operation name). */
    operation: string | undefined;
    decision: Decision | undefined;
  }
}
