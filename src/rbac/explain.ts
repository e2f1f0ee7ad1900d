import type { Collections } from "../store/store.js";
import { keyOf } from "../store/collections.js";
import { roleGrants, scopeCovers } from "./authorize.js";
import { BUILTIN_ROLES, roleById } from "./builtin-roles.js";

/** A role assignment of the refused principal, and whether it reaches the scope that was asked about. */
export interface RoleHolding {
  role: string;
  scope: string;
  covers: boolean;
}

export interface AuthorizationQuestion {
  principal: { objectId: string; name: string; tenantId: string };
  action: string;
  scope: string;
  dataAction?: boolean | undefined;
  /** What the action was needed for ("a Contributor token"). */
  purpose?: string | undefined;
}

export interface AuthorizationExplanation {
  /** The principal's display name in the directory, when it has one. */
  displayName?: string | undefined;
  held: RoleHolding[];
  /** Built-in roles that grant the action (Lazurite knows only built-in roles). */
  grantedBy: string[];
  /** All of it in one sentence, e.g. "principal 3d4e… (reader-app) holds Reader at …; `…/write` is needed for a Contributor token; roles that grant it: Owner, Contributor". */
  text: string;
}

const MAX_LISTED = 10;

/**
 * Why an RBAC check said no, in plain words: which roles the principal holds at which scopes and
 * which built-in roles would grant the action. Reads role assignments and the directory as they
 * are now, so the inspector asks right when the refusal is recorded.
 */
export async function explainAuthorization(
  store: Pick<Collections, "roleAssignments" | "applications" | "users">,
  q: AuthorizationQuestion,
): Promise<AuthorizationExplanation> {
  const oid = q.principal.objectId.toLowerCase();
  const assignments = (await store.roleAssignments.list()).filter((a) => a.principalId === oid);
  const held = assignments
    .map((a) => ({
      role: roleById(a.roleDefinitionId)?.roleName ?? a.roleDefinitionId,
      scope: a.scope,
      covers: scopeCovers(a.scope, q.scope),
    }))
    // Covering assignments first, then by scope and role, so the sentence is the same whatever the store's order.
    .sort((a, b) => Number(b.covers) - Number(a.covers) || a.scope.localeCompare(b.scope) || a.role.localeCompare(b.role));
  const grantedBy = BUILTIN_ROLES.filter((r) => roleGrants(r, q.action, q.dataAction === true)).map((r) => r.roleName);
  const displayName = await displayNameOf(store, q.principal.tenantId, oid);

  const who = `principal ${oid.slice(0, 8)}… (${displayName ?? q.principal.name})`;
  const covering = held.filter((h) => h.covers);
  const others = held.filter((h) => !h.covers);
  const list = (hs: RoleHolding[]) =>
    hs
      .slice(0, MAX_LISTED)
      .map((h) => `${h.role} at ${h.scope}`)
      .join(", ") + (hs.length > MAX_LISTED ? ` and ${hs.length - MAX_LISTED} more` : "");
  const holds =
    covering.length > 0
      ? `holds ${list(covering)}`
      : `holds no role over that scope${others.length > 0 ? ` (its assignments: ${list(others)})` : ""}`;
  const what = `${q.dataAction ? "data action " : ""}\`${q.action}\``;
  const need = `${what} is needed${q.purpose ? ` for ${q.purpose}` : ""} over ${q.scope}`;
  const grant = grantedBy.length > 0 ? `roles that grant it: ${grantedBy.join(", ")}` : "no built-in role grants it";
  return { displayName, held, grantedBy, text: `${who} ${holds}; ${need}; ${grant}` };
}

async function displayNameOf(
  store: Pick<Collections, "applications" | "users">,
  tenantId: string,
  objectId: string,
): Promise<string | undefined> {
  const app = await store.applications.getByAlt(objectId);
  if (app) return app.displayName ?? undefined;
  const user = tenantId ? await store.users.get(keyOf.user(tenantId, objectId)) : undefined;
  return user?.displayName ?? user?.userPrincipalName;
}
