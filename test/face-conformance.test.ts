import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import { AzureKeyCredential } from "@azure/core-auth";
import { ClientSecretCredential } from "@azure/identity";
import { DEV } from "../src/config/dev-defaults.js";
import { identityOptions } from "./helpers/entra.js";
import { ExchangeRecorder } from "./helpers/exchanges.js";
import { OavValidator, SHARED_SPECS, type Exchange } from "./helpers/oav.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { specsSkip } from "./helpers/shared.js";

const FACEDIR = "ai/data-plane/Face/preview/v1.3-preview.1";
const ROUTE = "/settings/getClientAssetsAccessToken";
const apiVersion = "v1.3-preview.1" as FaceClientOptions["apiVersion"];

/**
 * Every Face response the real client gets, checked against the official Face spec (subset) with
 * oav. Face carries its version in the path, so oav needs `?api-version=` appended to find the
 * operation (docs/sources.md#pitfalls), and a path-style resource segment is folded into the endpoint.
 */
function forOav(x: Exchange): Exchange {
  const u = new URL(x.request.url);
  u.pathname = u.pathname.replace(/^\/[^/]+(\/face\/)/, "$1");
  u.searchParams.set("api-version", "v1.3-preview.1");
  return { ...x, request: { ...x.request, url: u.toString() } };
}

describe("Face responses conform to the official spec (oav)", { skip: specsSkip }, () => {
  let s: TestServer;
  let validator: OavValidator;
  const rec = new ExchangeRecorder();
  before(async () => {
    s = await startTestServer({ inMemory: true, faceRateLimit: 3 });
    validator = await OavValidator.create(
      [{ to: `${FACEDIR}/Face.json`, from: join(SHARED_SPECS, FACEDIR, "Face.subset.json") }],
      ["ai/**/Face.json"],
    );
  });
  after(async () => {
    await s.close();
    validator.close();
  });

  const client = (endpoint: string, credential: AzureKeyCredential | ClientSecretCredential) =>
    createFaceClient(endpoint, credential, {
      apiVersion,
      tlsOptions: { ca: s.certificatePem },
      retryOptions: { maxRetries: 0 },
      additionalPolicies: [{ policy: rec.policy(), position: "perCall" }],
    });

  it("produces 200, 400, 401 (key and PermissionDenied) and 429 exchanges that all validate", async () => {
    const statuses: string[] = [];
    statuses.push((await client(s.url, new AzureKeyCredential(DEV.faceKey1)).pathUnchecked(ROUTE).get()).status);
    statuses.push((await client(`${s.url}/${DEV.faceName}`, new AzureKeyCredential(DEV.faceKey2)).pathUnchecked(ROUTE).get()).status);
    statuses.push((await client(s.url, new AzureKeyCredential("ffffffffffffffffffffffffffffffff")).pathUnchecked(ROUTE).get()).status);
    const cred = new ClientSecretCredential(DEV.tenantId, DEV.clientId, DEV.clientSecret, identityOptions(s));
    statuses.push((await client(s.url, cred).pathUnchecked(ROUTE).get()).status);
    statuses.push((await client(`${s.url}/${DEV.faceName}`, cred).pathUnchecked(ROUTE).get()).status);
    await s.admin("POST", `/tenants/${DEV.tenantId}/applications`, {
      clientId: "9b0c1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e",
      clientSecrets: ["face-no-role-secret"],
    });
    const noRole = new ClientSecretCredential(
      DEV.tenantId,
      "9b0c1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e",
      "face-no-role-secret",
      identityOptions(s),
    );
    statuses.push((await client(`${s.url}/${DEV.faceName}`, noRole).pathUnchecked(ROUTE).get()).status);
    const burst = client(s.url, new AzureKeyCredential(DEV.faceKey1));
    const many = await Promise.all(Array.from({ length: 5 }, () => burst.pathUnchecked(ROUTE).get()));
    statuses.push(...many.map((r) => r.status));
    assert.deepEqual([...new Set(statuses)].sort(), ["200", "400", "401", "429"]);

    const exchanges = rec.exchanges.map(forOav);
    const { results, failures } = await validator.report(exchanges);
    assert.equal(failures, "", failures);
    assert.ok(results.length >= 10);
    for (const r of results) assert.equal(r.operationId, "LivenessSessionOperations_GetClientAssetsAccessToken");
  });

  it("oav would catch a broken body (the check can fail)", async () => {
    const [good] = rec.exchanges.filter((x) => x.response.statusCode === 200).map(forOav);
    const broken = { ...good!, response: { ...good!.response, body: { expiry: "not-a-date", accessToken: 42 } } };
    const { failures } = await validator.report([broken]);
    assert.match(failures, /response/);
  });
});
