import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import { AzureKeyCredential } from "@azure/core-auth";
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  UsernamePasswordCredential,
} from "@azure/identity";
import fc from "fast-check";
import { runCli } from "../src/cli/program.js";
import { DEV } from "../src/config/dev-defaults.js";
import { RequestLog } from "../src/inspector/request-log.js";
import { findRole } from "../src/rbac/builtin-roles.js";
import { explainAuthorization } from "../src/rbac/explain.js";
import type { Store } from "../src/store/store.js";
import { GET_CLIENT_ASSETS_DATA_ACTION } from "../src/surfaces/face/auth.js";
import { identityOptions, postForm, selfSignedRsaCertificate } from "./helpers/entra.js";
import { ExchangeRecorder } from "./helpers/exchanges.js";
import { startTestServer, tempDir, type TestServer } from "./helpers/server.js";
import { openTestStore } from "./helpers/store.js";
import { accountPath, ARM_SCOPE, armRestClient, newApp, VI_NEWEST } from "./helpers/vi.js";

const T = DEV.tenantId;
const FACE_ROUTE = "/settings/getClientAssetsAccessToken";
const apiVersion = "v1.3-preview.1" as FaceClientOptions["apiVersion"];
const secret = (label: string) => `${label}-${randomBytes(18).toString("base64url")}`;

interface Entry {
  seq: number;
  time: string;
  method: string;
  path: string;
  surface: string;
  operation?: string;
  status: number;
  ms: number;
  principal?: { kind: string; id: string; name?: string };
  headers: Record<string, string>;
  form?: Record<string, string>;
  body?: string;
  trace?: {
    check: string;
    reason: string;
    explanation: string;
    action?: string;
    held?: { role: string; scope: string }[];
    grantedBy?: string[];
  };
}

async function requests(s: TestServer, query = ""): Promise<Entry[]> {
  const r = await s.admin("GET", `/requests${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json.value as Entry[];
}

async function cli(args: string[], signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), ...(signal ? { signal } : {}) });
  return { code, out, err: err.join("\n") };
}

describe("request inspector: decision traces", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ inMemory: true })));
  after(async () => s.close());

  it("a Reader asking for a Contributor token: the trace names the missing action and the roles that would grant it", async () => {
    const scope = accountPath();
    const reader = await newApp(s, { role: "Reader", scope });
    const client = armRestClient(s, reader.credential, new ExchangeRecorder());
    const res = await client
      .path(`${scope}/generateAccessToken`)
      .post({ queryParameters: { "api-version": VI_NEWEST }, body: { permissionType: "Contributor", scope: "Account" } });
    assert.equal(res.status, "403");

    const [e] = (await requests(s, "?status=403&surface=arm")).filter((x) => x.principal?.id === reader.objectId);
    assert.ok(e, "the refused request is in the log");
    assert.equal(e.operation, "Generate_AccessToken");
    assert.equal(e.method, "POST");
    assert.equal(e.principal?.kind, "app");
    assert.equal(e.principal?.name, reader.clientId);
    assert.deepEqual(JSON.parse(e.body!), { permissionType: "Contributor", scope: "Account" });
    // A Reader cannot even call the action (only Owner and Contributor grant generateAccessToken/action),
    // so the RBAC step refuses it before the Contributor permission in the body is weighed.
    const t = e.trace!;
    assert.equal(t.check, "RBAC");
    const action = "Microsoft.VideoIndexer/accounts/generateAccessToken/action";
    assert.equal(t.action, action);
    assert.deepEqual(t.grantedBy, ["Owner", "Contributor"]);
    assert.deepEqual(
      t.held?.map((h) => [h.role, h.scope]),
      [["Reader", scope]],
    );
    const short = reader.objectId.slice(0, 8);
    assert.equal(
      t.explanation,
      `principal ${short}… (vi-test-${reader.clientId.slice(0, 8)}) holds Reader at ${scope}; \`${action}\` is needed for operation Generate_AccessToken over ${scope}; roles that grant it: Owner, Contributor`,
    );
  });

  it("a principal with no role at all: 'holds no role over that scope', for the operation's own action", async () => {
    const nobody = await newApp(s);
    const client = armRestClient(s, nobody.credential, new ExchangeRecorder());
    const res = await client.path(accountPath()).get({ queryParameters: { "api-version": VI_NEWEST } });
    assert.equal(res.status, "403");
    const [e] = (await requests(s, "?status=403")).filter((x) => x.principal?.id === nobody.objectId);
    assert.equal(e?.trace?.check, "RBAC");
    assert.match(
      e.trace.explanation,
      /holds no role over that scope; `Microsoft\.VideoIndexer\/accounts\/read` is needed for operation Accounts_Get over /,
    );
    assert.match(e.trace.explanation, /roles that grant it: Owner, Contributor, Reader, Video Indexer Restricted Viewer$/);
  });

  it("Face: a bearer caller without a data role is told which data action and which roles", async () => {
    const owner = await newApp(s, { role: "Owner", scope: `/subscriptions/${DEV.subscriptionId}` });
    const face = createFaceClient(`${s.url}/${DEV.faceName}`, owner.credential, {
      apiVersion,
      tlsOptions: { ca: s.certificatePem },
      retryOptions: { maxRetries: 0 },
    });
    const res = await face.pathUnchecked(FACE_ROUTE).get();
    assert.equal(res.status, "401");
    const [e] = (await requests(s, "?surface=face&status=401")).filter((x) => x.principal?.id === owner.objectId);
    assert.equal(e?.operation, "LivenessSessionOperations_GetClientAssetsAccessToken");
    assert.equal(e.trace?.check, "permission");
    assert.match(e.trace.explanation, /holds Owner at \/subscriptions\//);
    assert.match(
      e.trace.explanation,
      /data action `Microsoft\.CognitiveServices\/accounts\/Face\/settings\/getClientAssetsAccessToken\/read`/,
    );
    assert.deepEqual(e.trace.grantedBy, ["Cognitive Services User"]);
  });

  it("every 401 and 403 of every surface carries the surface's reason", async () => {
    const before = (await s.admin("GET", "/requests")).json.lastSeq as number;
    const refusals = [
      // ARM without a token, Face with a wrong key, Entra with a wrong secret, managed identity
      // without its header, the admin API and the metrics endpoint with a wrong token.
      s.call(`${accountPath()}?api-version=${VI_NEWEST}`),
      s.call(`/face/v1.3-preview.1${FACE_ROUTE}`, { headers: { "ocp-apim-subscription-key": "0".repeat(32) } }),
      postForm(s, `/${T}/oauth2/v2.0/token`, {
        grant_type: "client_credentials",
        client_id: DEV.clientId,
        client_secret: "not-the-secret",
        scope: ARM_SCOPE,
      }),
      s.call("/msi/token?api-version=2019-08-01&resource=https://management.azure.com/"),
      s.call("/_lazurite/admin/tenants", { headers: { authorization: "Bearer not-the-admin-token" } }),
      s.call("/_lazurite/metrics"),
    ];
    const statuses = (await Promise.all(refusals)).map((r) => r.status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401]);
    const entries = await requests(s, `?since=${before}&status=401,403`);
    assert.deepEqual(entries.map((e) => e.surface).sort(), ["admin", "arm", "entra", "face", "identity", "metrics"]);
    const checks = Object.fromEntries(entries.map((e) => [e.surface, e.trace?.check]));
    assert.deepEqual(checks, {
      admin: "admin token",
      arm: "authentication",
      entra: "client authentication",
      face: "key",
      identity: "identity header",
      metrics: "admin token",
    });
    const entra = entries.find((e) => e.surface === "entra")!;
    // Entra's own words: the AADSTS description without its trace ids.
    assert.match(entra.trace!.reason, /^AADSTS7000215: Invalid client secret provided\./);
    assert.equal(entra.principal?.id, DEV.clientId);
    assert.equal(entra.form?.client_secret, "[REDACTED]");
    assert.equal(entra.form?.grant_type, "client_credentials");
  });

  it("filters by status, surface and since (a sequence number or a time); refuses a bad filter", async () => {
    const mark = (await s.admin("GET", "/requests")).json.lastSeq as number;
    const t0 = new Date().toISOString();
    await s.call("/_lazurite/health");
    await s.call("/_lazurite/nope");
    const after = await requests(s, `?since=${mark}`);
    assert.deepEqual(
      after.map((e) => [e.surface, e.status, e.path]),
      [
        ["internal", 200, "/_lazurite/health"],
        ["internal", 404, "/_lazurite/nope"],
      ],
    );
    assert.deepEqual(
      (await requests(s, `?since=${encodeURIComponent(t0)}&status=4xx&surface=internal`)).map((e) => e.path),
      ["/_lazurite/nope"],
    );
    assert.equal((await requests(s, "?limit=1")).length, 1);
    for (const bad of ["?status=abc", "?since=yesterday", "?limit=0"]) {
      const r = await s.admin("GET", `/requests${bad}`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.json.error.code, "InvalidRequest");
    }
    // The inspector's own reads are not in it.
    assert.ok((await requests(s)).every((e) => !e.path.startsWith("/_lazurite/admin/requests")));
  });
});

describe("request inspector: secrets never appear", () => {
  let s: TestServer;
  const adminToken = secret("admin");
  const identityHeader = secret("identity");
  const user = { upn: `inspector-${randomUUID().slice(0, 8)}@lazuritedev.onmicrosoft.com`, password: secret("Pw1") };
  const faceKeys: [string, string] = [randomBytes(16).toString("hex"), randomBytes(16).toString("hex")];
  const queryToken = secret("query");
  const secrets: string[] = [adminToken, identityHeader, user.password, ...faceKeys, queryToken];

  before(async () => {
    s = await startTestServer({ inMemory: true, adminToken, identityHeader, httpPort: 0 });
    const u = await s.admin("POST", `/tenants/${T}/users`, { userPrincipalName: user.upn, password: user.password });
    assert.equal(u.status, 201, u.text);
    const f = await s.admin(
      "PUT",
      `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/faceResources/inspector-face`,
      {
        location: "westus2",
        keys: faceKeys,
      },
    );
    assert.equal(f.status, 201, f.text);
  });
  after(async () => s.close());

  it("keeps no header, query, form or body credential of any real client", async () => {
    // Entra: a client secret, a password, a client assertion (each real @azure/identity credential).
    const app = await newApp(s);
    const appSecret = (await s.admin("POST", `/tenants/${T}/applications/${app.clientId}/secrets`, {})).json.secret as string;
    secrets.push(appSecret);
    const bySecret = await new ClientSecretCredential(T, app.clientId, appSecret, identityOptions(s)).getToken(ARM_SCOPE);
    const byPassword = await new UsernamePasswordCredential(T, DEV.clientId, user.upn, user.password, identityOptions(s)).getToken(
      ARM_SCOPE,
    );
    const cert = await selfSignedRsaCertificate();
    const certApp = randomUUID();
    assert.equal(
      (await s.admin("PUT", `/tenants/${T}/applications/${certApp}`, { displayName: "c", certificates: [cert.certPem] })).status,
      201,
    );
    const byCert = await new ClientCertificateCredential(
      T,
      certApp,
      { certificate: cert.certPem + cert.keyPem },
      identityOptions(s),
    ).getToken(ARM_SCOPE);
    // Managed identity: the X-IDENTITY-HEADER secret (msal reads the endpoint from the environment).
    process.env.IDENTITY_ENDPOINT = `${s.httpUrl}/msi/token`;
    process.env.IDENTITY_HEADER = identityHeader;
    const byMsi = await new ManagedIdentityCredential().getToken(ARM_SCOPE);
    delete process.env.IDENTITY_ENDPOINT;
    delete process.env.IDENTITY_HEADER;
    secrets.push(bySecret.token, byPassword.token, byCert.token, byMsi.token);
    // ARM with a bearer token, Face with a key, a token in a query string, the admin token.
    const owner = await newApp(s, { role: "Owner", scope: `/subscriptions/${DEV.subscriptionId}` });
    const armToken = (await owner.credential.getToken(ARM_SCOPE))!.token;
    secrets.push(armToken);
    assert.equal(
      (await s.call(`${accountPath()}?api-version=${VI_NEWEST}`, { headers: { authorization: `Bearer ${armToken}` } })).status,
      200,
    );
    const face = createFaceClient(s.url, new AzureKeyCredential(faceKeys[1]), { apiVersion, tlsOptions: { ca: s.certificatePem } });
    assert.equal((await face.pathUnchecked(FACE_ROUTE).get()).status, "200");
    await s.call(`/_lazurite/health?access_token=${queryToken}&client_secret=${queryToken}&keep=visible`);

    const text = (await s.admin("GET", "/requests")).text;
    for (const v of secrets) assert.ok(!text.includes(v), `a secret (${v.slice(0, 6)}…) is in the inspector's output`);
    // No JWT at all: bearer tokens, assertions and refresh tokens are credentials.
    assert.doesNotMatch(text, /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/);
    const entries = JSON.parse(text).value as Entry[];
    const health = entries.find((e) => e.path.startsWith("/_lazurite/health?"))!;
    assert.equal(health.path, "/_lazurite/health?access_token=[REDACTED]&client_secret=[REDACTED]&keep=visible");
    const arm = entries.find((e) => e.surface === "arm")!;
    assert.equal(arm.headers.authorization, "Bearer [REDACTED]");
    const faceEntry = entries.find((e) => e.surface === "face")!;
    assert.equal(faceEntry.headers["ocp-apim-subscription-key"], "[REDACTED]");
    assert.deepEqual(faceEntry.principal, { kind: "key", id: "inspector-face", name: "a key of Face resource 'inspector-face'" });
    const password = entries.find((e) => e.form?.grant_type === "password")!;
    assert.equal(password.form?.password, "[REDACTED]");
    assert.equal(password.form?.username, user.upn);
    const assertion = entries.find((e) => e.form?.client_assertion !== undefined)!;
    assert.equal(assertion.form?.client_assertion, "[REDACTED]");
    const msi = entries.find((e) => e.surface === "identity")!;
    assert.equal(msi.headers["x-identity-header"], "[REDACTED]");
    assert.equal(msi.principal?.kind, "managed-identity");
    assert.ok(entries.some((e) => e.surface === "admin" && e.headers.authorization === "Bearer [REDACTED]"));
  });
});

describe("lazurite requests", () => {
  let s: TestServer;
  let dir: ReturnType<typeof tempDir>;
  let conn: string[];
  before(async () => {
    dir = tempDir();
    s = await startTestServer({ location: dir.path });
    conn = ["--url", s.url, "--server-location", dir.path];
  });
  after(async () => {
    await s.close();
    dir.remove();
  });

  it("prints the requests, with the reason for each refusal", async () => {
    await s.call(`${accountPath()}?api-version=${VI_NEWEST}`);
    const r = await cli(["requests", ...conn, "--surface", "arm"]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.length, 1);
    assert.match(
      r.out[0]!,
      /^#\d+ \S+ arm Accounts_Get GET \/subscriptions\/\S+ → 401 in [\d.]+ ms\n {4}refused at authentication: the bearer token was refused \(missing\)$/,
    );
    const json = await cli(["requests", ...conn, "--status", "401", "--json"]);
    assert.equal(JSON.parse(json.out[0]!).status, 401);
  });

  it("--follow prints new requests as they come until stopped", async () => {
    const stop = new AbortController();
    const seen: string[] = [];
    const running = runCli(["requests", ...conn, "--follow", "--interval", "100", "--surface", "internal", "--json"], {
      out: (l) => {
        seen.push(JSON.parse(l).path as string);
        if (seen.includes("/_lazurite/ready")) stop.abort();
      },
      err: () => {},
      signal: stop.signal,
    });
    await new Promise((r) => setTimeout(r, 250));
    await s.call("/_lazurite/health");
    await s.call("/_lazurite/ready");
    assert.equal(await running, 0);
    assert.deepEqual(seen.slice(-2), ["/_lazurite/health", "/_lazurite/ready"]);
  });
});

describe("RequestLog bounds", () => {
  const entry = (i: number) => ({ at: i, method: "GET", path: `/p/${i}`, surface: "internal", status: 200, ms: 1, headers: {} });

  it("never holds more than its entries or bytes, and always the newest, in order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 100, max: 5000 }),
        fc.array(fc.integer({ min: 1, max: 1200 }), { maxLength: 200 }),
        (maxEntries, maxBytes, sizes) => {
          const log = new RequestLog(maxEntries, maxBytes);
          sizes.forEach((size, i) => {
            log.add(entry(i), size);
            const { entries, bytes } = log.size;
            assert.ok(entries <= maxEntries && bytes <= maxBytes);
            const kept = log.query();
            // The newest entries that fit, consecutive and oldest first.
            const fit = sizes
              .slice(0, i + 1)
              .map((sz, j) => ({ sz, j }))
              .filter(({ sz }) => sz <= maxBytes);
            let total = 0;
            const expected: number[] = [];
            for (let k = fit.length - 1; k >= 0 && expected.length < maxEntries && total + fit[k]!.sz <= maxBytes; k--) {
              total += fit[k]!.sz;
              expected.unshift(fit[k]!.j);
            }
            assert.deepEqual(
              kept.map((e) => e.at),
              expected,
            );
          });
        },
      ),
    );
  });

  it("a size of 0 keeps nothing", () => {
    const log = new RequestLog(0);
    log.add(entry(1), 10);
    assert.deepEqual(log.query(), []);
    assert.equal(log.enabled, false);
  });
});

describe("explainAuthorization", () => {
  const oid = "3d4e0000-0000-4000-8000-00000000abcd";
  const account = `/subscriptions/${DEV.subscriptionId}/resourceGroups/rg/providers/Microsoft.VideoIndexer/accounts/vi1`;
  let store: Store;
  before(async () => {
    store = await openTestStore();
    await store.applications.insert({
      tenantId: T,
      clientId: randomUUID(),
      objectId: oid,
      displayName: "reader-app",
      secrets: [],
      certificates: [],
    });
    const reader = findRole("Reader")!.id;
    await store.roleAssignments.insert({ id: randomUUID(), principalId: oid, roleDefinitionId: reader, scope: account });
    await store.roleAssignments.insert({
      id: randomUUID(),
      principalId: oid,
      roleDefinitionId: findRole("Contributor")!.id,
      scope: "/subscriptions/other",
    });
  });
  after(async () => store.close());

  const principal = { objectId: oid, name: "client-id", tenantId: T };

  it("says what the principal holds, what was needed for what, and which roles grant it", async () => {
    const x = await explainAuthorization(store, {
      principal,
      action: "Microsoft.VideoIndexer/accounts/write",
      scope: account,
      purpose: "a Contributor token",
    });
    assert.equal(
      x.text,
      `principal 3d4e0000… (reader-app) holds Reader at ${account}; \`Microsoft.VideoIndexer/accounts/write\` is needed for a Contributor token over ${account}; roles that grant it: Owner, Contributor`,
    );
    assert.deepEqual(
      x.held.map((h) => [h.role, h.covers]),
      [
        ["Reader", true],
        ["Contributor", false],
      ],
    );
  });

  it("names assignments elsewhere when none covers the scope, and data actions as such", async () => {
    const face = `/subscriptions/${DEV.subscriptionId}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/f`;
    const x = await explainAuthorization(store, { principal, action: GET_CLIENT_ASSETS_DATA_ACTION, scope: face, dataAction: true });
    assert.match(
      x.text,
      /holds no role over that scope \(its assignments: Reader at \S+\/accounts\/vi1, Contributor at \/subscriptions\/other\); data action `/,
    );
    assert.match(x.text, /; roles that grant it: Cognitive Services User$/);
    const none = await explainAuthorization(store, { principal, action: "Microsoft.Authorization/roleAssignments/write", scope: face });
    assert.match(none.text, /; roles that grant it: Owner$/);
  });
});
