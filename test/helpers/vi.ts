import { getClient, type Client } from "@azure-rest/core-client";
import type { TokenCredential } from "@azure/core-auth";
import { createSerializer, ServiceClient, type CompositeMapper, type OperationSpec } from "@azure/core-client";
import { ClientSecretCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWTPayload } from "jose";
import { DEV } from "../../src/config/dev-defaults.js";
import type { ExchangeRecorder } from "./exchanges.js";
import type { TestServer } from "./server.js";

/** Helpers for the Video Indexer ARM tests: real SDK clients, principals with roles, token checks. */

export const ARM_SCOPE = "https://management.azure.com/.default";
export const VI_NEWEST = "2025-04-01";

export function accountsPath(subscriptionId: string = DEV.subscriptionId, resourceGroup: string = DEV.resourceGroup): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.VideoIndexer/accounts`;
}

export function accountPath(
  name: string = DEV.viAccountName,
  subscriptionId: string = DEV.subscriptionId,
  resourceGroup: string = DEV.resourceGroup,
): string {
  return `${accountsPath(subscriptionId, resourceGroup)}/${name}`;
}

/** The development application, through the emulated Entra ID (docs/entra.md#client-requirements). */
export function devCredential(s: TestServer): TokenCredential {
  return new ClientSecretCredential(DEV.tenantId, DEV.clientId, DEV.clientSecret, {
    authorityHost: s.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: s.certificatePem },
  });
}

export interface TestPrincipal {
  clientId: string;
  objectId: string;
  credential: TokenCredential;
}

/** A new application in the dev tenant with a secret, optionally given `role` over `scope`. */
export async function newApp(s: TestServer, role?: { role: string; scope: string }): Promise<TestPrincipal> {
  const clientId = randomUUID();
  const objectId = randomUUID();
  const secret = `vi-test-${randomBytes(12).toString("hex")}`;
  const r = await s.admin("POST", `/tenants/${DEV.tenantId}/applications`, {
    clientId,
    objectId,
    displayName: `vi-test-${clientId.slice(0, 8)}`,
    clientSecrets: [secret],
  });
  assert.equal(r.status, 201, r.text);
  if (role) await assignRole(s, objectId, role.role, role.scope);
  const credential = new ClientSecretCredential(DEV.tenantId, clientId, secret, {
    authorityHost: s.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: s.certificatePem },
  });
  return { clientId, objectId, credential };
}

export async function assignRole(s: TestServer, principalId: string, role: string, scope: string): Promise<void> {
  const r = await s.admin("POST", "/roleAssignments", { principalId, role, scope });
  assert.equal(r.status, 201, r.text);
}

/** `@azure-rest/core-client` getClient over Lazurite's ARM, recording every exchange. */
export function armRestClient(s: TestServer, credential: TokenCredential, rec: ExchangeRecorder): Client {
  return getClient(s.url, credential, {
    credentials: { scopes: [ARM_SCOPE] },
    tlsOptions: { ca: s.certificatePem },
    additionalPolicies: [{ policy: rec.policy(), position: "perRetry" }],
    retryOptions: { maxRetries: 0 },
  });
}

/** `@azure/core-client` ServiceClient over Lazurite's ARM, recording every exchange. */
export function armServiceClient(s: TestServer, credential: TokenCredential, rec: ExchangeRecorder): ServiceClient {
  return new ServiceClient({
    endpoint: s.url,
    credential,
    credentialScopes: [ARM_SCOPE],
    tlsOptions: { ca: s.certificatePem },
    additionalPolicies: [{ policy: rec.policy(), position: "perRetry" }],
    retryOptions: { maxRetries: 0 },
  });
}

// ---- mappers for ServiceClient.sendOperationRequest ----------------------------------------

const AccessTokenMapper: CompositeMapper = {
  type: {
    name: "Composite",
    className: "AccessToken",
    modelProperties: { accessToken: { serializedName: "accessToken", readOnly: true, type: { name: "String" } } },
  },
};
const ErrorDetailMapper: CompositeMapper = {
  type: {
    name: "Composite",
    className: "ErrorDetail",
    modelProperties: {
      code: { serializedName: "code", readOnly: true, type: { name: "String" } },
      message: { serializedName: "message", readOnly: true, type: { name: "String" } },
      target: { serializedName: "target", readOnly: true, type: { name: "String" } },
    },
  },
};
const ErrorResponseMapper: CompositeMapper = {
  type: {
    name: "Composite",
    className: "ErrorResponse",
    modelProperties: { error: { serializedName: "error", type: { name: "Composite", className: "ErrorDetail" } } },
  },
};
const GenerateParametersMapper: CompositeMapper = {
  type: {
    name: "Composite",
    className: "GenerateParameters",
    modelProperties: {
      permissionType: { serializedName: "permissionType", type: { name: "String" } },
      scope: { serializedName: "scope", type: { name: "String" } },
      videoId: { serializedName: "videoId", type: { name: "String" } },
      projectId: { serializedName: "projectId", type: { name: "String" } },
      extensionId: { serializedName: "extensionId", type: { name: "String" } },
      tokenLifetimeInSeconds: { serializedName: "tokenLifetimeInSeconds", type: { name: "Number" } },
    },
  },
};
const serializer = createSerializer(
  {
    AccessToken: AccessTokenMapper,
    ErrorDetail: ErrorDetailMapper,
    ErrorResponse: ErrorResponseMapper,
    GenerateParameters: GenerateParametersMapper,
  },
  false,
);

/** An OperationSpec like the ones AutoRest generates for the four token operations. */
export function tokenOperationSpec(operation: string): OperationSpec {
  return {
    path: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.VideoIndexer/accounts/{accountName}/${operation}`,
    httpMethod: "POST",
    responses: { 200: { bodyMapper: AccessTokenMapper }, default: { bodyMapper: ErrorResponseMapper } },
    requestBody: { parameterPath: "parameters", mapper: GenerateParametersMapper },
    queryParameters: [{ parameterPath: "apiVersion", mapper: { serializedName: "api-version", required: true, type: { name: "String" } } }],
    urlParameters: [
      { parameterPath: "$host", mapper: { serializedName: "$host", required: true, type: { name: "String" } }, skipEncoding: true },
      { parameterPath: "subscriptionId", mapper: { serializedName: "subscriptionId", required: true, type: { name: "String" } } },
      { parameterPath: "resourceGroupName", mapper: { serializedName: "resourceGroupName", required: true, type: { name: "String" } } },
      { parameterPath: "accountName", mapper: { serializedName: "accountName", required: true, type: { name: "String" } } },
    ],
    headerParameters: [
      {
        parameterPath: "accept",
        mapper: { defaultValue: "application/json", isConstant: true, serializedName: "Accept", type: { name: "String" } },
      },
      {
        parameterPath: "contentType",
        mapper: { defaultValue: "application/json", isConstant: true, serializedName: "Content-Type", type: { name: "String" } },
      },
    ],
    mediaType: "json",
    serializer,
  };
}

export interface TokenCallArgs {
  operation?: string;
  parameters: Record<string, unknown>;
  accountName?: string;
  subscriptionId?: string;
  resourceGroupName?: string;
  apiVersion?: string;
}

/** Calls a token operation the way a generated ARM SDK does (sendOperationRequest); throws RestError on errors. */
export async function generateWithServiceClient(client: ServiceClient, s: TestServer, a: TokenCallArgs): Promise<string> {
  const r = await client.sendOperationRequest<{ accessToken: string }>(
    {
      $host: s.url,
      subscriptionId: a.subscriptionId ?? DEV.subscriptionId,
      resourceGroupName: a.resourceGroupName ?? DEV.resourceGroup,
      accountName: a.accountName ?? DEV.viAccountName,
      apiVersion: a.apiVersion ?? VI_NEWEST,
      parameters: a.parameters,
    },
    tokenOperationSpec(a.operation ?? "generateAccessToken"),
  );
  return r.accessToken;
}

/**
 * Verifies a Video Indexer token against the server's JWKS the way a data-plane service would.
 * `atIssue` checks the time claims as of the token's `iat`: a token of a 1-second lifetime may
 * have expired by the time the JWKS is fetched.
 */
export async function verifyViToken(
  s: TestServer,
  token: string,
  options: { atIssue?: boolean } = {},
): Promise<{ payload: JWTPayload; alg: string; kid: string | undefined }> {
  const jwks = await s.call("/.well-known/jwks.json");
  assert.equal(jwks.status, 200, jwks.text);
  const iat = options.atIssue ? decodeJwt(token).iat : undefined;
  const r = await jwtVerify(token, createLocalJWKSet(jwks.json), {
    issuer: "https://api.videoindexer.ai/",
    audience: "https://api.videoindexer.ai/",
    ...(iat !== undefined ? { currentDate: new Date(iat * 1000) } : {}),
  });
  return { payload: r.payload, alg: r.protectedHeader.alg, kid: r.protectedHeader.kid };
}

/** The keys of `expected` (recursively) are in `actual` with the same JSON types: "same shape as the example". */
export function assertSameShape(actual: unknown, expected: unknown, path = "$"): void {
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  assert.equal(
    kind(actual),
    kind(expected),
    `${path}: expected ${kind(expected)}, got ${kind(actual)} (${JSON.stringify(actual)?.slice(0, 120)})`,
  );
  if (kind(expected) === "object") {
    for (const [k, v] of Object.entries(expected as Record<string, unknown>)) {
      assert.ok(k in (actual as Record<string, unknown>), `${path}.${k}: missing`);
      assertSameShape((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
  } else if (kind(expected) === "array" && (expected as unknown[]).length > 0) {
    for (const [i, item] of (actual as unknown[]).entries()) assertSameShape(item, (expected as unknown[])[0], `${path}[${i}]`);
  }
}
