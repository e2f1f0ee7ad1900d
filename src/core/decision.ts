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
  /** What the action was needed for, in words ("a Contributor token"); absent when it is the operation itself. */
  purpose?: string | undefined;
}

/**
 * Who made a request, as far as the surface that answered it knows: a validated principal, the
 * owner of a presented key, the client id of a token request, the admin. Never a secret.
 */
export interface Caller {
  kind: "app" | "user" | "key" | "client" | "managed-identity" | "admin";
  /** Object id, client id or resource name, by kind. */
  id: string;
  name?: string | undefined;
  tenantId?: string | undefined;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The operation the request was routed to (an ARM operationId, a Face or Entra operation name). */
    operation: string | undefined;
    decision: Decision | undefined;
    caller: Caller | undefined;
  }
  interface FastifyContextConfig {
    /** The route's operation id, known before its handler runs (fault rules match on it). */
    operation?: string;
    /** False for routes the request inspector does not record (its own reads). */
    record?: boolean;
  }
}
