import type { FastifyReply, FastifyRequest } from "fastify";
import type { FaceResource } from "../../../model/entities.js";

/**
 * The headers the real service sends on liveness responses (recordings in docs/face-liveness.md#headers)
 * [R]: `apim-request-id` (set by the surface), `Strict-Transport-Security`, `X-Content-Type-Options`,
 * `x-ms-region` (the region's display name), `x-envoy-upstream-service-time` (handler time in ms) on
 * every response, and `CSP-Billing-Usage` on successes only (the recorded 404 has none).
 */
const REGION_NAMES: Record<string, string> = {
  westus: "West US",
  westus2: "West US 2",
  westus3: "West US 3",
  eastus: "East US",
  eastus2: "East US 2",
  centralus: "Central US",
  centraluseuap: "Central US EUAP",
  northcentralus: "North Central US",
  southcentralus: "South Central US",
  westeurope: "West Europe",
  northeurope: "North Europe",
  uksouth: "UK South",
  francecentral: "France Central",
  germanywestcentral: "Germany West Central",
  switzerlandnorth: "Switzerland North",
  swedencentral: "Sweden Central",
  australiaeast: "Australia East",
  japaneast: "Japan East",
  southeastasia: "Southeast Asia",
  eastasia: "East Asia",
  koreacentral: "Korea Central",
  centralindia: "Central India",
  canadacentral: "Canada Central",
  brazilsouth: "Brazil South",
};

/** `westus2` → `West US 2`; an unknown location is shown as it is [U]. */
export function regionDisplayName(location: string): string {
  return REGION_NAMES[location.toLowerCase().replace(/\s+/g, "")] ?? location;
}

/** Headers every liveness response carries, errors included. */
export function securityHeaders(reply: FastifyReply): void {
  reply.header("strict-transport-security", "max-age=31536000; includeSubDomains; preload");
  reply.header("x-content-type-options", "nosniff");
}

export function regionHeader(reply: FastifyReply, f: Pick<FaceResource, "location">): void {
  reply.header("x-ms-region", regionDisplayName(f.location));
}

/** The headers of a successful answer, set just before it is sent. */
export function successHeaders(req: FastifyRequest, reply: FastifyReply): void {
  reply.header("csp-billing-usage", "CognitiveServices.Face.Transaction=1");
  elapsedHeader(req, reply);
}

const started = new WeakMap<FastifyRequest, bigint>();

/** Marks when the operation began (its first hook), for `x-envoy-upstream-service-time`. */
export function markStart(req: FastifyRequest): void {
  started.set(req, process.hrtime.bigint());
}

export function elapsedHeader(req: FastifyRequest, reply: FastifyReply): void {
  const t0 = started.get(req) ?? process.hrtime.bigint();
  reply.header("x-envoy-upstream-service-time", String(Math.max(1, Math.round(Number(process.hrtime.bigint() - t0) / 1e6))));
}
