/**
 * ARM scopes in paths, for operations that follow any scope (role assignments and definitions):
 * `/{scope}/providers/Microsoft.Authorization/roleAssignments/{name}` where the scope is the root,
 * a subscription, a resource group or a resource (nested types included). Matching ignores case,
 * as ARM's routing does; the scope keeps the caller's spelling.
 */

export interface ParsedScope {
  /** `` for the root scope, else the scope path without a trailing slash. */
  scope: string;
  subscriptionId?: string;
  resourceGroupName?: string;
}

/**
 * Splits a scope path into what the chain checks. Undefined when the path is not a scope ARM
 * knows here: anything but the root, `/subscriptions/{s}`, `…/resourceGroups/{rg}` and
 * `…/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}…]`.
 */
export function parseScope(path: string): ParsedScope | undefined {
  const segs = path.split("/").filter((s) => s !== "");
  if (segs.length === 0) return { scope: "" };
  if (segs[0]!.toLowerCase() !== "subscriptions" || segs.length < 2) return undefined;
  const out: ParsedScope = { scope: `/${segs.join("/")}`, subscriptionId: segs[1]! };
  if (segs.length === 2) return out;
  if (segs[2]!.toLowerCase() !== "resourcegroups" || segs.length < 4) return undefined;
  out.resourceGroupName = segs[3]!;
  if (segs.length === 4) return out;
  // providers/{namespace}/{type}/{name}, then pairs of child type and name.
  const rest = segs.slice(4);
  if (rest[0]!.toLowerCase() !== "providers" || rest.length < 4 || (rest.length - 2) % 2 !== 0) return undefined;
  if (rest.slice(1).some((s) => s.toLowerCase() === "providers")) return undefined;
  return out;
}

/**
 * Matches `path` against a scoped operation's `suffix` (`/providers/Microsoft.Authorization/roleAssignments/:name`):
 * the path must end in the suffix's segments (`:x` matches any one segment) and the part before
 * them must be a scope. Returns the scope and the captured parameters.
 */
export function matchScoped(path: string, suffix: string): { scope: ParsedScope; params: Record<string, string> } | undefined {
  const segs = path.split("/").filter((s) => s !== "");
  const want = suffix.split("/").filter((s) => s !== "");
  if (segs.length < want.length) return undefined;
  const tail = segs.slice(segs.length - want.length);
  const params: Record<string, string> = {};
  for (const [i, w] of want.entries()) {
    const got = tail[i]!;
    if (w.startsWith(":")) params[w.slice(1)] = got;
    else if (w.toLowerCase() !== got.toLowerCase()) return undefined;
  }
  const scope = parseScope(`/${segs.slice(0, segs.length - want.length).join("/")}`);
  return scope ? { scope, params } : undefined;
}
