import fc from "fast-check";
import { DEV } from "../../src/config/dev-defaults.js";

/**
 * Generated requests over every surface: the paths each surface serves (and near misses), every
 * method, hostile headers and bodies. Structured requests go through an HTTP client; raw ones are
 * bytes written to a TLS socket, for what no client would send.
 */
export interface FuzzRequest {
  kind: "http";
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer | undefined;
}
export interface RawRequest {
  kind: "raw";
  bytes: Buffer;
}
export type Generated = FuzzRequest | RawRequest;

const guid = fc.uuid();
const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("", " ", "%zz", "%00", "..", "%2e%2e", "__proto__", "constructor", "a".repeat(300), "a".repeat(600), "é", "\u0000"),
);
const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,60}$/), fc.constantFrom(DEV.viAccountName, DEV.faceName, DEV.resourceGroup), junk);
const segment = (s: string) => encodeURIComponent(s).replace(/%25zz/g, "%zz").replace(/%2525/g, "%25");
const apiVersion = fc.oneof(
  fc.constantFrom("2025-04-01", "2025-01-01", "2021-10-18-preview", "2022-12-01", "2025-09-01", "2019-11-01", "2021-04-01"),
  junk,
);
const faceVersion = fc.constantFrom("v1.2", "v1.3-preview.1", "v1.1-preview.1", "v9", "");

const DEV_ACCOUNT = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${DEV.viAccountName}`;
/** Real operations on real resources, so that bodies and headers are judged past the path. */
const servedPath = fc.oneof(
  fc
    .tuple(fc.constantFrom("generateAccessToken", "generateRestrictedViewerAccessToken", "generateExtensionAccessToken", ""), apiVersion)
    .map(([op, v]) => `${DEV_ACCOUNT}${op ? `/${op}` : ""}?api-version=${encodeURIComponent(v)}`),
  fc.constantFrom(
    `/face/v1.3-preview.1/settings/getClientAssetsAccessToken`,
    `/${DEV.faceName}/face/v1.3-preview.1/settings/getClientAssetsAccessToken`,
    `/face/v1.2/detectLiveness-sessions`,
    `/${DEV.tenantId}/oauth2/v2.0/token`,
    `/${DEV.tenantId}/oauth2/token`,
    `/subscriptions/${DEV.subscriptionId}?api-version=2022-12-01`,
    `/subscriptions/${DEV.subscriptionId}/resourcegroups?api-version=2021-04-01`,
  ),
);

const armPath = fc.oneof(
  fc
    .tuple(
      fc.oneof(guid, fc.constant(DEV.subscriptionId), junk),
      name,
      name,
      fc.constantFrom(
        "generateAccessToken",
        "generateRestrictedViewerAccessToken",
        "generateExtensionAccessToken",
        "",
        "privateEndpointConnections",
        "privateLinkResources/x",
      ),
      apiVersion,
      fc.boolean(),
    )
    .map(
      ([s, rg, a, op, v, withVersion]) =>
        `/subscriptions/${segment(s)}/resourceGroups/${segment(rg)}/providers/Microsoft.VideoIndexer/accounts/${segment(a)}${op ? `/${op}` : ""}${withVersion ? `?api-version=${encodeURIComponent(v)}` : ""}`,
    ),
  fc
    .tuple(fc.oneof(guid, fc.constant(DEV.subscriptionId), junk), apiVersion)
    .map(([s, v]) => `/subscriptions/${segment(s)}?api-version=${encodeURIComponent(v)}`),
  fc
    .tuple(fc.oneof(guid, fc.constant(DEV.subscriptionId)), name, apiVersion)
    .map(([s, rg, v]) => `/subscriptions/${s}/resourcegroups/${segment(rg)}?api-version=${encodeURIComponent(v)}`),
  apiVersion.map((v) => `/providers/Microsoft.VideoIndexer/operations?api-version=${encodeURIComponent(v)}`),
  fc
    .tuple(fc.oneof(guid, fc.constant(DEV.subscriptionId)), apiVersion)
    .map(([s, v]) => `/subscriptions/${s}/providers/Microsoft.VideoIndexer/checkNameAvailability?api-version=${encodeURIComponent(v)}`),
  fc.webPath().map((p) => `/subscriptions${p}`),
);
const facePath = fc.oneof(
  fc
    .tuple(
      faceVersion,
      fc.constantFrom("settings/getClientAssetsAccessToken", "detectLiveness-sessions", "detectLivenessWithVerify-sessions", "x"),
    )
    .map(([v, op]) => `/face/${v}/${op}`),
  fc.tuple(name, faceVersion).map(([n, v]) => `/${segment(n)}/face/${v}/settings/getClientAssetsAccessToken`),
  fc.webPath().map((p) => `/face${p}`),
);
const entraPath = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constant(DEV.tenantId), fc.constant(DEV.tenantDomain), fc.constantFrom("common", "organizations"), guid, junk),
      fc.constantFrom(
        "oauth2/v2.0/token",
        "oauth2/token",
        "v2.0/.well-known/openid-configuration",
        ".well-known/openid-configuration",
        "discovery/v2.0/keys",
        "discovery/instance",
        "x",
      ),
    )
    .map(([t, p]) => `/${segment(t)}/${p}`),
  fc.webPath(),
);
const identityPath = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("/msi/token", "/metadata/identity/oauth2/token", "/msi/x"),
      fc.constantFrom("2019-08-01", "2018-02-01", "x", ""),
      junk,
    )
    .map(([p, v, r]) => `${p}?api-version=${v}&resource=${encodeURIComponent(r || "https://management.azure.com")}`),
);
const adminPath = fc.oneof(
  fc.constantFrom(
    "/_lazurite/admin/tenants",
    "/_lazurite/admin/keys",
    "/_lazurite/admin/config",
    "/_lazurite/admin/roleAssignments",
    "/%5flazurite/admin/nope",
  ),
  fc.webPath().map((p) => `/_lazurite/admin${p}`),
);
const internalPath = fc.constantFrom(
  "/_lazurite/health",
  "/_lazurite/ready",
  "/.well-known/jwks.json",
  "/_lazurite/certificate",
  "/_lazurite/nope",
);
const uiPath = fc.oneof(
  fc.constantFrom("/_lazurite/ui", "/_lazurite/ui/", "/_lazurite/ui/resources", "/_lazurite/ui/assets/nope.js", "/_lazurite/UI/../admin"),
  fc.webPath().map((p) => `/_lazurite/ui${p}`),
);

const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE") },
  { weight: 2, arbitrary: fc.constantFrom("HEAD", "OPTIONS", "QUERY", "PROPFIND", "SEARCH", "TRACE") },
);

const jsonBody = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.constantFrom(
    '{"permissionType":"Contributor","scope":"Account"}',
    '{"permissionType":"Reader","scope":"Video","videoId":"abc"}',
    '{"__proto__":{"permissionType":"Contributor","scope":"Account"}}',
    '{"constructor":{"prototype":{"x":1}}}',
    "[".repeat(5000) + "]".repeat(5000),
    '{"a":'.repeat(3000) + "1" + "}".repeat(3000),
    '{"location":"westus2","tags":{"a":"b"}}',
    "{",
    "",
    "null",
    '"str"',
  ),
  fc.string({ maxLength: 200 }),
);
const formBody = fc.oneof(
  fc.constantFrom(
    `grant_type=client_credentials&client_id=${DEV.clientId}&client_secret=${DEV.clientSecret}&scope=https%3A%2F%2Fmanagement.azure.com%2F.default`,
    `grant_type=password&client_id=${DEV.clientId}&username=${encodeURIComponent(DEV.userPrincipalName)}&password=wrong&scope=openid`,
    "grant_type=refresh_token&refresh_token=abc&client_id=x",
    "grant_type=client_credentials&client_id=x&client_id=y",
    `grant_type=client_credentials&client_id=${"a".repeat(40000)}`,
  ),
  fc
    .dictionary(
      fc.constantFrom(
        "grant_type",
        "client_id",
        "client_secret",
        "scope",
        "resource",
        "client_assertion",
        "client_assertion_type",
        "username",
        "password",
      ),
      junk,
    )
    .map((d) => new URLSearchParams(d).toString()),
);
/** `{{arm}}` and `{{cog}}` stand for real development tokens (ARM and Cognitive Services), filled in when sent. */
const authorization = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("Bearer {{arm}}", "Bearer {{cog}}") },
  fc.constant(undefined),
  fc.constantFrom(
    "Bearer",
    "Bearer ",
    "Basic abc",
    "bearer a.b.c",
    `Bearer ${"a".repeat(8000)}`,
    "Bearer eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0.",
  ),
  fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
);
const contentType = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    "application/yaml",
    "x/y;;;",
  ),
);

const headers = fc
  .record(
    {
      authorization,
      "content-type": contentType,
      "ocp-apim-subscription-key": fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(DEV.faceKey1, "wrong", "a".repeat(3000)),
        fc.string({ maxLength: 40 }),
      ),
      "x-identity-header": fc.oneof(fc.constant(undefined), fc.string({ maxLength: 30 })),
      metadata: fc.oneof(fc.constant(undefined), fc.constant("true")),
      host: fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(
          `${DEV.faceName}.face.localhost`,
          "a".repeat(63) + ".face.localhost",
          "x".repeat(5000) + ".localhost",
          "[::1]",
          "127.0.0.1",
        ),
        fc.stringMatching(/^[a-z0-9-]{1,70}\.cognitiveservices\.azure\.com$/),
      ),
    },
    { requiredKeys: [] },
  )
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

const anyRequest = fc
  .tuple(
    method,
    fc.oneof(
      { weight: 4, arbitrary: armPath },
      { weight: 3, arbitrary: facePath },
      { weight: 3, arbitrary: entraPath },
      { weight: 1, arbitrary: identityPath },
      { weight: 1, arbitrary: adminPath },
      { weight: 1, arbitrary: internalPath },
      { weight: 1, arbitrary: uiPath },
    ),
    headers,
    fc.oneof(
      jsonBody,
      formBody,
      fc.constant(undefined),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    ),
  )
  .map(([m, path, h, body]): [string, string, Record<string, string>, string | Buffer | undefined] => [m, path, h, body]);

/** The operations Lazurite serves, with the method they take (mostly), and hostile headers and bodies. */
const served = fc.tuple(
  fc.oneof({ weight: 5, arbitrary: fc.constant("POST") }, { weight: 2, arbitrary: fc.constant("GET") }, method),
  servedPath,
  headers,
  fc.oneof(jsonBody, formBody, fc.constant(undefined)),
);

const http = fc.oneof({ weight: 1, arbitrary: anyRequest }, { weight: 1, arbitrary: served }).map(([m, path, h, body]): FuzzRequest => {
  const withBody = m !== "GET" && m !== "HEAD" && body !== undefined;
  return { kind: "http", method: m, path: path.startsWith("/") ? path : `/${path}`, headers: h, body: withBody ? body : undefined };
});

const raw = fc
  .oneof(
    fc.constantFrom(
      "GET / HTTP/1.1\r\n\r\n",
      "GET /face/x HTTP/9.9\r\nHost: a\r\n\r\n",
      "GARBAGE\r\n\r\n",
      "GET /subscriptions/x HTTP/1.1\r\nHost: a\r\nbad header line\r\n\r\n",
      "POST /subscriptions/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
      "POST /common/oauth2/v2.0/token HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
      "GET /face/v1.2/x HTTP/1.1\r\nHost: a\r\nx-big: " + "a".repeat(20000) + "\r\n\r\n",
      "HEAD /face/v1.2/x HTTP/1.1\r\nHost: a\r\nx-big: " + "a".repeat(20000) + "\r\n\r\n",
      "GET /_lazurite/admin/keys HTTP/1.1\r\nHost: a\r\nauthorization: Bearer " + "a".repeat(100000) + "\r\n\r\n",
      "\r\n\r\n\r\n",
    ),
    fc
      .tuple(method, fc.oneof(armPath, facePath, entraPath), fc.string({ maxLength: 100 }))
      .map(([m, p, h]) => `${m} ${p} HTTP/1.1\r\nHost: localhost\r\nX-Fuzz: ${h.replace(/[\r\n]/g, "")}\r\nConnection: close\r\n\r\n`),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
  )
  .map((s): RawRequest => ({ kind: "raw", bytes: Buffer.from(s, "latin1") }));

/** The mix: mostly structured requests, some raw ones. */
export const generated: fc.Arbitrary<Generated> = fc.oneof({ weight: 19, arbitrary: http }, { weight: 1, arbitrary: raw });

/** `count` requests from `seed`, the same on every run with the same seed. */
export function sample(seed: number, count: number): Generated[] {
  return fc.sample(generated, { seed, numRuns: count });
}
