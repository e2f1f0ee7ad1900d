import type { RoleAssignment } from "../model/entities.js";
import { ChangeCache } from "../store/change-cache.js";
import type { Collections, Store } from "../store/store.js";
import { roleById, type RoleDefinition } from "./builtin-roles.js";

/**
 * Azure's action patterns: `*` matches any run of characters (slashes included) and comparison
 * is case-insensitive, e.g. `*\/read` matches `Microsoft.VideoIndexer/accounts/read`.
 */
const patternCache = new Map<string, RegExp>();
export function actionMatches(pattern: string, action: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split("*")
        .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
        .join(".*")}$`,
      "i",
    );
    patternCache.set(pattern, re);
  }
  return re.test(action);
}

/** Does `role` grant `action` (a control-plane action, or a data action when `data` is set)? */
export function roleGrants(role: RoleDefinition, action: string, data = false): boolean {
  const allow = data ? role.dataActions : role.actions;
  const deny = data ? role.notDataActions : role.notActions;
  return allow.some((p) => actionMatches(p, action)) && !deny.some((p) => actionMatches(p, action));
}

/** An assignment at `assignmentScope` covers `target` when it is the same scope or an ancestor. */
export function scopeCovers(assignmentScope: string, target: string): boolean {
  const a = assignmentScope.toLowerCase().replace(/\/+$/, "");
  const t = target.toLowerCase().replace(/\/+$/, "");
  return a === "" || t === a || t.startsWith(a + "/");
}

/** The role assignments of a principal that cover `scope`, and whether any grants `action`. */
export async function isAuthorized(
  store: Pick<Collections, "roleAssignments">,
  principalObjectId: string,
  action: string,
  scope: string,
  opts: { data?: boolean } = {},
): Promise<boolean> {
  const oid = principalObjectId.toLowerCase();
  const assignments: RoleAssignment[] = (await store.roleAssignments.list()).filter((a) => a.principalId === oid);
  return assignments.some((a) => {
    const role = roleById(a.roleDefinitionId);
    return role !== undefined && scopeCovers(a.scope, scope) && roleGrants(role, action, opts.data);
  });
}

/**
 * Authorization decisions, cached until any role assignment changes (on this instance at once, on
 * others within the change feed's delay): the hot path then does one map lookup per check.
 */
export class Authorizer {
  private readonly decisions: ChangeCache<boolean>;

  constructor(private readonly store: Store) {
    // Keys hold a scope from the URL: longer than the store's keys, still bounded (20 000 × about 1 KB).
    this.decisions = new ChangeCache<boolean>(store.changes, { tables: ["role_assignments"], maxEntries: 20_000, maxKeyLength: 1024 });
  }

  allowed(principalObjectId: string, action: string, scope: string, opts: { data?: boolean } = {}): Promise<boolean> {
    const key = `${principalObjectId.toLowerCase()}|${opts.data ? "d" : "c"}|${action.toLowerCase()}|${scope.toLowerCase()}`;
    return this.decisions.get(key, () => isAuthorized(this.store, principalObjectId, action, scope, opts));
  }
}
