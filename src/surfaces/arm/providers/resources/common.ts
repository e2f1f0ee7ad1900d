import type { ArmCall } from "../../chain/operation.js";
import { resourcesErrors } from "./errors.js";

/** What the Microsoft.Resources operations share: scopes and query parameters. */

export const subscriptionScope = (call: ArmCall) => `/subscriptions/${call.params["subscriptionId"]}`;
export const groupScope = (call: ArmCall) => `${subscriptionScope(call)}/resourceGroups/${call.params["resourceGroupName"]}`;

/** Whether the api-version shows what the 2022-12-01 spec added (older versions: the 2019-11-01 shapes) [S for both files; U between]. */
export const newerShapes = (call: ArmCall) => call.profile.version >= "2022-12-01";

/** A query parameter as one string (the last one when repeated), or undefined. */
export function queryParam(call: ArmCall, name: string): string | undefined {
  const v = (call.req.query as Record<string, unknown>)[name];
  const one: unknown = Array.isArray(v) ? (v as unknown[])[v.length - 1] : v;
  return typeof one === "string" ? one : undefined;
}

/** `$top`: at most that many items (1 to 1000), or all when absent. */
export function topOf(call: ArmCall): number | undefined {
  const raw = queryParam(call, "$top");
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw resourcesErrors.invalidTop(call.errors, raw);
  return n;
}
