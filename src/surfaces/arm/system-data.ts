import { principalDisplayName, type Principal } from "../../auth/principal.js";
import type { SystemData } from "../../model/entities.js";

/** ARM's systemData for a write by `principal` at `now`, keeping the creation fields of `previous`. */
export function systemData(principal: Principal, now: Date, previous?: SystemData): SystemData {
  const by = principalDisplayName(principal);
  const byType = principal.kind === "user" ? "User" : "Application";
  const at = now.toISOString();
  return {
    createdBy: previous?.createdBy ?? by,
    createdByType: previous?.createdByType ?? byType,
    createdAt: previous?.createdAt ?? at,
    lastModifiedBy: by,
    lastModifiedByType: byType,
    lastModifiedAt: at,
  };
}
