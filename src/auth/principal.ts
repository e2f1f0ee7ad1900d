import type { Caller } from "../core/decision.js";

/** Who a validated bearer token speaks for. */
export interface Principal {
  kind: "app" | "user";
  tenantId: string;
  /** Object id of the service principal or user: what role assignments name. */
  objectId: string;
  /** Application (client) id that obtained the token. */
  clientId?: string | undefined;
  userPrincipalName?: string | undefined;
  /** `iss` claim as presented, for ARM's wrong-tenant message. */
  issuer: string;
  audience: string;
  expiresAt: Date;
  claims: Record<string, unknown>;
}

/** The name ARM prints for a caller in AuthorizationFailed: UPN for users, else app id, else object id. */
export function principalDisplayName(p: Principal): string {
  return p.userPrincipalName ?? p.clientId ?? p.objectId;
}

/** The principal as the request inspector names the caller. */
export function callerOf(p: Principal): Caller {
  return { kind: p.kind, id: p.objectId, name: principalDisplayName(p), tenantId: p.tenantId };
}
