import { createRestError } from "@azure-rest/core-client";
import { UsernamePasswordCredential } from "@azure/identity";
import assert from "node:assert/strict";
import { decodeProtectedHeader } from "jose";
import { after, before, beforeEach, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { assertConformance, ExchangeRecorder } from "./helpers/exchanges.js";
import { videoIndexerValidator, type OavValidator } from "./helpers/oav.js";
import { specsSkip } from "./helpers/shared.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { accountPath, armRestClient, devCredential, newApp, VI_NEWEST, verifyViToken, type TestPrincipal } from "./helpers/vi.js";

const EXTENSION_ID =
  "/subscriptions/39ks012-8546-4da5-g6w0-8c3cb76dd930/resourceGroups/yl-arc/providers/Microsoft.Kubernetes/ConnectedClusters/yl-arc/providers/Microsoft.KubernetesConfiguration/extensions/exampleid";
const SCOPES = ["Video", "Account", "Project"] as const;
const ACCOUNT_SCOPE = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${DEV.viAccountName}`;

function idsFor(scope: (typeof SCOPES)[number], extension: boolean): Record<string, string> {
  if (scope === "Video") return { videoId: "07ec9e38d4" };
  if (scope === "Project" && !extension) return { projectId: "3ab5c7d9e1" };
  return {};
}

describe("Video Indexer access tokens: claims and who may get them", () => {
  let s: TestServer;
  let oav: OavValidator | undefined;
  const rec = new ExchangeRecorder();
  before(async () => {
    [s, oav] = await Promise.all([startTestServer({ inMemory: true }), specsSkip ? undefined : videoIndexerValidator()]);
  });
  after(async () => {
    oav?.close();
    await s?.close();
  });
  beforeEach((t) => {
    rec.label = t.name;
  });

  const post = (credential: TestPrincipal["credential"], op: string, body: Record<string, unknown>, account: string = DEV.viAccountName) =>
    armRestClient(s, credential, rec)
      .pathUnchecked(`${accountPath(account)}/${op}`)
      .post({ queryParameters: { "api-version": VI_NEWEST }, body });

  describe("every operation × permission × scope, verified with the JWKS", () => {
    const cases: { op: string; permission: string; scope: (typeof SCOPES)[number]; extension: boolean }[] = [];
    for (const scope of SCOPES) {
      for (const permission of ["Contributor", "Reader"]) {
        cases.push({ op: "generateAccessToken", permission, scope, extension: false });
        cases.push({ op: "generateExtensionAccessToken", permission, scope, extension: true });
      }
      cases.push({ op: "generateRestrictedViewerAccessToken", permission: "RestrictedViewer", scope, extension: false });
      cases.push({ op: "generateExtensionRestrictedViewerAccessToken", permission: "RestrictedViewer", scope, extension: true });
    }

    for (const c of cases) {
      it(`${c.op} ${c.permission} ${c.scope}`, async () => {
        const body: Record<string, unknown> = { scope: c.scope, ...idsFor(c.scope, c.extension) };
        if (c.permission !== "RestrictedViewer") body["permissionType"] = c.permission;
        if (c.extension) body["extensionId"] = EXTENSION_ID;
        const before = Math.floor(Date.now() / 1000);
        const res = await post(devCredential(s), c.op, body);
        assert.equal(res.status, "200", JSON.stringify(res.body));
        const token = (res.body as { accessToken: string }).accessToken;
        const { payload, alg, kid } = await verifyViToken(s, token);
        assert.equal(alg, "ES256");
        assert.ok(kid);
        assert.equal(decodeProtectedHeader(token).typ, "JWT");
        assert.equal(payload.AccountId, DEV.viAccountId);
        assert.equal(payload.Permission, c.permission);
        assert.equal(payload.Scope, c.scope);
        assert.equal(payload.IssuerLocation, DEV.location);
        assert.equal(payload.ExternalUserId, DEV.appObjectId);
        assert.equal(payload.UserType, "ServicePrincipal");
        assert.equal(payload.Username, undefined);
        assert.equal(payload.iss, "https://api.videoindexer.ai/");
        assert.equal(payload.aud, "https://api.videoindexer.ai/");
        assert.equal(payload.VideoId, c.scope === "Video" ? "07ec9e38d4" : undefined);
        assert.equal(payload.ProjectId, c.scope === "Project" && !c.extension ? "3ab5c7d9e1" : undefined);
        assert.equal(payload.ExtensionId, c.extension ? EXTENSION_ID : undefined);
        assert.ok(payload.iat! >= before - 1 && payload.iat! <= before + 5);
        assert.equal(payload.nbf, payload.iat);
        assert.equal(payload.exp! - payload.iat!, 3600);
      });
    }

    it("extension tokens in Video scope honour tokenLifetimeInSeconds up to 43200", async () => {
      for (const lifetime of [1, 900, 43200]) {
        const res = await post(devCredential(s), "generateExtensionAccessToken", {
          permissionType: "Reader",
          scope: "Video",
          videoId: "v1",
          extensionId: EXTENSION_ID,
          tokenLifetimeInSeconds: lifetime,
        });
        assert.equal(res.status, "200", JSON.stringify(res.body));
        const { payload } = await verifyViToken(s, (res.body as { accessToken: string }).accessToken, { atIssue: true });
        assert.equal(payload.exp! - payload.iat!, lifetime);
      }
    });

    it("two tokens for the same request differ (jti)", async () => {
      const a = await post(devCredential(s), "generateAccessToken", { permissionType: "Reader", scope: "Account" });
      const b = await post(devCredential(s), "generateAccessToken", { permissionType: "Reader", scope: "Account" });
      assert.notEqual(a.body.accessToken, b.body.accessToken);
    });

    it("a user caller: UserType AAD, ExternalUserId = the user's object id, Username = UPN", async () => {
      const user = new UsernamePasswordCredential(DEV.tenantId, DEV.clientId, DEV.userPrincipalName, DEV.userPassword, {
        authorityHost: s.url,
        disableInstanceDiscovery: true,
        tlsOptions: { ca: s.certificatePem },
      });
      const res = await post(user, "generateAccessToken", { permissionType: "Contributor", scope: "Account" });
      assert.equal(res.status, "200", JSON.stringify(res.body));
      const { payload } = await verifyViToken(s, res.body.accessToken);
      assert.equal(payload.UserType, "AAD");
      assert.equal(payload.ExternalUserId, DEV.userObjectId);
      assert.equal(payload.Username, DEV.userPrincipalName);
    });
  });

  describe("RBAC: the action, then the right the permission needs", () => {
    const denied = (action: string, p: TestPrincipal, scope = ACCOUNT_SCOPE) =>
      `The client '${p.clientId}' with object id '${p.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;

    it("Video Indexer Restricted Viewer: restricted-viewer tokens yes, generateAccessToken no, extension Contributor needs write", async () => {
      const viewer = await newApp(s, { role: "Video Indexer Restricted Viewer", scope: ACCOUNT_SCOPE });
      assert.equal((await post(viewer.credential, "generateRestrictedViewerAccessToken", { scope: "Video", videoId: "v1" })).status, "200");
      assert.equal(
        (await post(viewer.credential, "generateExtensionRestrictedViewerAccessToken", { scope: "Account", extensionId: EXTENSION_ID }))
          .status,
        "200",
      );
      const full = await post(viewer.credential, "generateAccessToken", { permissionType: "Reader", scope: "Account" });
      assert.equal(full.status, "403");
      assert.equal(createRestError(full).code, "AuthorizationFailed");
      assert.equal(full.body.error.message, denied("Microsoft.VideoIndexer/accounts/generateAccessToken/action", viewer));
      // accounts/*/action covers generateExtensionAccessToken; a Reader token then needs read (granted)…
      assert.equal(
        (
          await post(viewer.credential, "generateExtensionAccessToken", {
            permissionType: "Reader",
            scope: "Account",
            extensionId: EXTENSION_ID,
          })
        ).status,
        "200",
      );
      // …and a Contributor token needs write, which the role's notActions take away.
      const contributor = await post(viewer.credential, "generateExtensionAccessToken", {
        permissionType: "Contributor",
        scope: "Account",
        extensionId: EXTENSION_ID,
      });
      assert.equal(contributor.status, "403");
      assert.equal(contributor.body.error.message, denied("Microsoft.VideoIndexer/accounts/write", viewer));
    });

    it("Reader: reads the account, may not call any token action", async () => {
      const reader = await newApp(s, { role: "Reader", scope: `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}` });
      const client = armRestClient(s, reader.credential, rec);
      assert.equal((await client.pathUnchecked(accountPath()).get({ queryParameters: { "api-version": VI_NEWEST } })).status, "200");
      for (const [op, body] of [
        ["generateAccessToken", { permissionType: "Reader", scope: "Account" }],
        ["generateRestrictedViewerAccessToken", { scope: "Account" }],
      ] as const) {
        const r = await post(reader.credential, op, body);
        assert.equal(r.status, "403", op);
        assert.equal(r.body.error.message, denied(`Microsoft.VideoIndexer/accounts/${op}/action`, reader));
      }
    });

    it("Contributor (inherited from the resource group): Contributor and Reader tokens", async () => {
      const contributor = await newApp(s, {
        role: "Contributor",
        scope: `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}`,
      });
      for (const permissionType of ["Contributor", "Reader"]) {
        const r = await post(contributor.credential, "generateAccessToken", { permissionType, scope: "Video", videoId: "abc" });
        assert.equal(r.status, "200", JSON.stringify(r.body));
        assert.equal((await verifyViToken(s, r.body.accessToken)).payload.ExternalUserId, contributor.objectId);
      }
    });

    it("no role, or a role on another account: AuthorizationFailed before anything else is looked at", async () => {
      const nobody = await newApp(s);
      const r = await post(nobody.credential, "generateAccessToken", { permissionType: "Reader", scope: "Account" }, "no-such-account");
      assert.equal(r.status, "403", "RBAC comes before the account's existence");
      assert.equal(
        r.body.error.message,
        denied(
          "Microsoft.VideoIndexer/accounts/generateAccessToken/action",
          nobody,
          ACCOUNT_SCOPE.replace(DEV.viAccountName, "no-such-account"),
        ),
      );
      const elsewhere = await newApp(s, { role: "Owner", scope: `${ACCOUNT_SCOPE}-other` });
      assert.equal((await post(elsewhere.credential, "generateAccessToken", { permissionType: "Reader", scope: "Account" })).status, "403");
    });
  });

  describe("signing algorithm", () => {
    it("follows --token-alg (RS256 here) and the key is in /.well-known/jwks.json", async () => {
      const rs = await startTestServer({ inMemory: true, tokenAlg: "RS256" });
      try {
        const res = await armRestClient(rs, devCredential(rs), rec)
          .pathUnchecked(`${accountPath()}/generateAccessToken`)
          .post({ queryParameters: { "api-version": VI_NEWEST }, body: { permissionType: "Reader", scope: "Account" } });
        assert.equal(res.status, "200");
        const { alg, kid } = await verifyViToken(rs, res.body.accessToken);
        assert.equal(alg, "RS256");
        const jwks = (await rs.call("/.well-known/jwks.json")).json;
        assert.ok(jwks.keys.some((k: { kid: string; alg: string }) => k.kid === kid && k.alg === "RS256"));
      } finally {
        await rs.close();
      }
    });
  });

  it("every exchange above conforms to the 2025-04-01 spec (oav)", { skip: specsSkip }, async () => {
    const { checked } = await assertConformance(rec, oav!, VI_NEWEST);
    assert.ok(checked >= 30, `only ${checked} exchanges checked`);
  });
});
