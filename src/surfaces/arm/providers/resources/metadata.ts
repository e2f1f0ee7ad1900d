import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../../../../core/context.js";
import { requestOrigin } from "../../../../core/request-origin.js";
import { send } from "../../../../core/service-error.js";
import { armErrors } from "../../errors.js";

/**
 * `GET /metadata/endpoints?api-version=…`: ARM's description of the cloud it belongs to, here
 * this Lazurite, so that `az cloud register --endpoint-resource-manager`, `ARM_CLOUD_METADATA_URL`
 * and Terraform's `metadata_host` can discover it (docs/resource-manager.md#cloud-metadata).
 *
 * A plain route, outside the check chain: Azure answers it without authentication, and its
 * callers fetch it before they have a token [C: az cloud register sends no Authorization].
 * Shapes by version:
 *  - `2015-01-01` (and `1.0`): one object with `galleryEndpoint`, `graphEndpoint`, `portalEndpoint`,
 *    `authentication` [O: msrestazure reads these; captured body in the Pulumi provider's test data];
 *  - `2019-05-01`, `2020-06-01`: an array of clouds [O: the Azure CLI iterates it as a list; U for 2020-06-01];
 *  - `2022-09-01`: one cloud object [O: Terraform's metadata client, Pulumi's captured body].
 * Suffixes and resource ids of services Lazurite does not serve keep the public cloud's values [U].
 */

export const METADATA_API_VERSIONS = ["1.0", "2015-01-01", "2019-05-01", "2020-06-01", "2022-09-01"] as const;
type MetadataVersion = (typeof METADATA_API_VERSIONS)[number];

/** The audiences ARM tokens are requested for; the first is what the Azure CLI uses as its ARM resource. */
const AUDIENCES = ["https://management.core.windows.net/", "https://management.azure.com/"];

const PUBLIC_SUFFIXES = {
  azureDataLakeStoreFileSystem: "azuredatalakestore.net",
  acrLoginServer: "azurecr.io",
  sqlServerHostname: "database.windows.net",
  azureDataLakeAnalyticsCatalogAndJob: "azuredatalakeanalytics.net",
  keyVaultDns: "vault.azure.net",
  storage: "core.windows.net",
  azureFrontDoorEndpointSuffix: "azurefd.net",
  storageSyncEndpointSuffix: "afs.azure.net",
  mhsmDns: "managedhsm.azure.net",
  mysqlServerEndpoint: "mysql.database.azure.com",
  postgresqlServerEndpoint: "postgres.database.azure.com",
  mariadbServerEndpoint: "mariadb.database.azure.com",
  synapseAnalytics: "dev.azuresynapse.net",
  attestationEndpoint: "attest.azure.net",
};

/** One cloud as the 2019-05-01 list and the 2022-09-01 object show it. */
export function cloudDescription(origin: string, loginWithSlash: boolean): Record<string, unknown> {
  return {
    portal: origin,
    authentication: {
      loginEndpoint: loginWithSlash ? `${origin}/` : origin,
      audiences: AUDIENCES,
      tenant: "common",
      identityProvider: "AAD",
    },
    media: "https://rest.media.azure.net",
    graphAudience: "https://graph.windows.net/",
    graph: "https://graph.windows.net/",
    name: "Lazurite",
    suffixes: PUBLIC_SUFFIXES,
    batch: "https://batch.core.windows.net/",
    resourceManager: `${origin}/`,
    vmImageAliasDoc: "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json",
    activeDirectoryDataLake: "https://datalake.azure.net/",
    sqlManagement: "https://management.core.windows.net:8443/",
    microsoftGraphResourceId: "https://graph.microsoft.com/",
    appInsightsResourceId: "https://api.applicationinsights.io",
    appInsightsTelemetryChannelResourceId: "https://dc.applicationinsights.azure.com/v2/track",
    attestationResourceId: "https://attest.azure.net",
    synapseAnalyticsResourceId: "https://dev.azuresynapse.net",
    logAnalyticsResourceId: "https://api.loganalytics.io",
    ossrDbmsResourceId: "https://ossrdbms-aad.database.windows.net",
  };
}

export function metadataDocument(origin: string, version: MetadataVersion): unknown {
  switch (version) {
    case "1.0":
    case "2015-01-01":
      return {
        galleryEndpoint: "https://gallery.azure.com/",
        graphEndpoint: "https://graph.windows.net/",
        portalEndpoint: `${origin}/`,
        authentication: { loginEndpoint: `${origin}/`, audiences: AUDIENCES },
      };
    case "2019-05-01":
    case "2020-06-01":
      return [cloudDescription(origin, true)];
    case "2022-09-01":
      return cloudDescription(origin, false);
  }
}

export function registerMetadataRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/metadata/endpoints", async (req: FastifyRequest, reply) => {
    req.operation = "Metadata_Endpoints";
    const raw = (req.query as Record<string, unknown>)["api-version"];
    if (typeof raw !== "string" || raw === "") return send(reply, armErrors.missingApiVersion());
    let version = METADATA_API_VERSIONS.find((v) => v === raw.toLowerCase());
    if (!version && ctx.settings.skipApiVersionCheck) version = "2022-09-01";
    // [U] ARM's answer for an unknown version was not observed: its usual InvalidApiVersionParameter.
    if (!version) return send(reply, armErrors.invalidApiVersion(raw, [...METADATA_API_VERSIONS]));
    return reply.send(metadataDocument(requestOrigin(req), version));
  });
}
