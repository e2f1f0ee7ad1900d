import type { Decision } from "../../core/decision.js";
import type { ServiceError } from "../../core/service-error.js";

/** Which check of a token request each AADSTS code says failed, for the request inspector. */
const CHECK_OF_CODE: ReadonlyMap<number, string> = new Map([
  [90002, "tenant"],
  [900023, "tenant"],
  [50059, "tenant"],
  [700016, "application"],
  [7000215, "client authentication"],
  [7000222, "client authentication"],
  [7000218, "client authentication"],
  [700024, "client authentication"],
  [700027, "client authentication"],
  [700021, "client authentication"],
  [50013, "client authentication"],
  [5002738, "client authentication"],
  [5002723, "client authentication"],
  [90014, "client authentication"],
  [50027, "client authentication"],
  [50126, "user credentials"],
  [50034, "user credentials"],
  [70003, "grant type"],
  [70011, "scope"],
  [1002012, "scope"],
  [500011, "scope"],
  [9002313, "refresh token"],
  [70008, "refresh token"],
  [900144, "request"],
  [9000411, "request"],
]);

/**
 * The decision behind an Entra error answer, in Entra's own words: its AADSTS description up to
 * the trace and correlation ids. Undefined for answers that are not AADSTS errors.
 */
export function entraDecision(e: ServiceError): Decision | undefined {
  const body = e.body as { error_codes?: number[]; error_description?: string } | undefined;
  const code = body?.error_codes?.[0];
  if (code === undefined || typeof body?.error_description !== "string") return undefined;
  const reason = body.error_description.split(" Trace ID:")[0]!;
  return { check: CHECK_OF_CODE.get(code) ?? e.code, reason };
}
