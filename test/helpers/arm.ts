import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import { ResourceManagementClient } from "@azure/arm-resources";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import type { TokenCredential } from "@azure/core-auth";
import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import { AzureKeyCredential } from "@azure/core-auth";
import { ResourceManagementClient as ResourceManagementClient8 } from "arm-resources-8";
import assert from "node:assert/strict";
import { DEV } from "../../src/config/dev-defaults.js";
import type { ExchangeRecorder } from "./exchanges.js";
import type { TestServer } from "./server.js";
import { ARM_SCOPE } from "./vi.js";

/**
 * The real Azure management SDK clients, pointed at a test server and recording every exchange
 * (for oav). Retries are off so each test sees the server's first answer.
 */
function classicOptions(s: TestServer, rec: ExchangeRecorder) {
  return {
    endpoint: s.url,
    credentialScopes: [ARM_SCOPE],
    tlsOptions: { ca: s.certificatePem },
    additionalPolicies: [{ policy: rec.policy(), position: "perRetry" as const }],
    retryOptions: { maxRetries: 0 },
  };
}

export function cognitiveClient(
  s: TestServer,
  credential: TokenCredential,
  rec: ExchangeRecorder,
  subscriptionId: string = DEV.subscriptionId,
) {
  return new CognitiveServicesManagementClient(credential, subscriptionId, classicOptions(s, rec));
}

/** `@azure/arm-resources` 7 (core-client, core-lro 2). */
export function resourcesClient(
  s: TestServer,
  credential: TokenCredential,
  rec: ExchangeRecorder,
  subscriptionId: string = DEV.subscriptionId,
) {
  return new ResourceManagementClient(credential, subscriptionId, classicOptions(s, rec));
}

/** `@azure/arm-resources` 8 (the modular client, core-lro 3), installed as `arm-resources-8`. */
export function resourcesClient8(
  s: TestServer,
  credential: TokenCredential,
  rec: ExchangeRecorder,
  subscriptionId: string = DEV.subscriptionId,
) {
  return new ResourceManagementClient8(credential, subscriptionId, {
    endpoint: s.url,
    credentials: { scopes: [ARM_SCOPE] },
    tlsOptions: { ca: s.certificatePem },
    additionalPolicies: [{ policy: rec.policy(), position: "perRetry" }],
    retryOptions: { maxRetries: 0 },
  });
}

export function subscriptionClient(s: TestServer, credential: TokenCredential, rec: ExchangeRecorder) {
  return new SubscriptionClient(credential, classicOptions(s, rec));
}

export function authorizationClient(
  s: TestServer,
  credential: TokenCredential,
  rec: ExchangeRecorder,
  subscriptionId: string = DEV.subscriptionId,
) {
  return new AuthorizationManagementClient(credential, subscriptionId, classicOptions(s, rec));
}

/** `@azure-rest/ai-vision-face` with a key, on `endpoint`. */
export function faceKeyClient(s: TestServer, endpoint: string, key: string) {
  return createFaceClient(endpoint, new AzureKeyCredential(key), {
    apiVersion: "v1.3-preview.1" as FaceClientOptions["apiVersion"],
    tlsOptions: { ca: s.certificatePem },
    retryOptions: { maxRetries: 0 },
  });
}

/** getClientAssetsAccessToken with a key on `endpoint`: the HTTP status as a number. */
export async function faceTokenStatus(s: TestServer, endpoint: string, key: string): Promise<number> {
  const r = await faceKeyClient(s, endpoint, key).pathUnchecked("/settings/getClientAssetsAccessToken").get();
  return Number(r.status);
}

/** A RestError-like rejection with this code and status. */
export async function rejectsWith(p: Promise<unknown>, statusCode: number, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: { statusCode?: number; code?: string; message: string }) => {
    assert.equal(e.statusCode, statusCode, e.message);
    assert.equal(e.code, code, e.message);
    if (typeof message === "string") assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

/** A resource group made through the admin API. */
export async function adminGroup(
  s: TestServer,
  name: string,
  location = "westus2",
  subscriptionId: string = DEV.subscriptionId,
): Promise<void> {
  const r = await s.admin("PUT", `/subscriptions/${subscriptionId}/resourceGroups/${name}`, { location });
  assert.ok(r.status === 201 || r.status === 200, r.text);
}
