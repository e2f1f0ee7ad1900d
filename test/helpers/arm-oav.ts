import { join } from "node:path";
import { OavValidator, readJson, SHARED_SPECS, type SpecEntry } from "./oav.js";

/**
 * oav validators over the Cognitive Services and Microsoft.Resources specs held in SPECS_DIR
 * (their README says what each file is). Subset files become the upstream names in the working
 * copy; every `$ref` must resolve (OavValidator.create checks it).
 */
const CT = "common-types/resource-management";
const CS = "cognitiveservices/resource-manager/Microsoft.CognitiveServices/stable/2025-09-01";
const RES = "resources/resource-manager/Microsoft.Resources/stable";

/** The Cognitive Services 2025-09-01 subset and the common types it reaches (v3 types and private links, v6 errors). */
export function cognitiveServicesValidator(): Promise<OavValidator> {
  return OavValidator.create(
    [
      { to: `${CS}/cognitiveservices.json`, from: join(SHARED_SPECS, CS, "cognitiveservices.subset.json") },
      { to: `${CT}/v3/types.json`, from: join(SHARED_SPECS, CT, "v3/types.json") },
      { to: `${CT}/v3/privatelinks.json`, from: join(SHARED_SPECS, CT, "v3/privatelinks.json") },
      { to: `${CT}/v6/types.json`, from: join(SHARED_SPECS, CT, "v6/types.subset.json") },
    ],
    ["cognitiveservices/**/*.json"],
  );
}

/**
 * A `subscriptions.json` with `nextLink` optional in the list results: the files require it, the
 * real service leaves it out of a single page (docs/resource-manager.md#subscriptions-and-tenants).
 * 2022-12-01 also loses `checkZonePeers`, the one path that reaches common-types v2, which
 * SPECS_DIR does not hold (Lazurite does not serve it either).
 */
function subscriptions(version: "2019-11-01" | "2022-12-01"): SpecEntry {
  const doc = readJson(join(SHARED_SPECS, RES, `${version}/subscriptions.json`)) as {
    paths: Record<string, unknown>;
    definitions: Record<string, { required?: string[] }>;
  };
  for (const p of Object.keys(doc.paths)) if (p.includes("checkZonePeers")) delete doc.paths[p];
  for (const d of ["SubscriptionListResult", "TenantListResult"]) {
    const def = doc.definitions[d]!;
    const required = (def.required ?? []).filter((r) => r !== "nextLink");
    if (required.length > 0) def.required = required;
    else delete def.required; // JSON Schema wants a non-empty list
  }
  return { to: `${RES}/${version}/subscriptions.json`, json: doc };
}

/** Microsoft.Resources: resources 2025-04-01 (subset), subscriptions 2022-12-01 and 2019-11-01, with common-types v1. */
export function resourcesValidator(): Promise<OavValidator> {
  return OavValidator.create(
    [
      { to: `${RES}/2025-04-01/resources.json`, from: join(SHARED_SPECS, RES, "2025-04-01/resources.subset.json") },
      subscriptions("2022-12-01"),
      subscriptions("2019-11-01"),
      { to: `${CT}/v1/types.json`, from: join(SHARED_SPECS, CT, "v1/types.json") },
    ],
    ["resources/**/*.json"],
  );
}
