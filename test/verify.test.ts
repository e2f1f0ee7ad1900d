import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { SignJWT, type JSONWebKeySet, type JWTPayload } from "jose";
import { DEFAULTS } from "../src/config/start-options.js";
import { DEV } from "../src/config/dev-defaults.js";
import { ISSUERS } from "../src/keys/key-service.js";
import { startServer, type RunningServer } from "../src/server/start.js";
import { TokenVerificationError, verifyFaceToken, verifyVideoIndexerToken, type TokenRefusal } from "../src/verify/index.js";
import { http } from "./helpers/http.js";

const VI_ISSUER = "https://api.videoindexer.ai/";
const ARM_SCOPE = "https://management.azure.com/.default";
const accountPath = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${DEV.viAccountName}`;

function refusedWith(code: TokenRefusal, claim?: string) {
  return (e: unknown) => {
    assert.ok(e instanceof TokenVerificationError, String(e));
    assert.equal(e.code, code, e.message);
    if (claim !== undefined) assert.equal(e.claim, claim);
    return true;
  };
}

/**
 * lazurite/verify against real tokens from a running Lazurite (got the way clients get them) and
 * against forged, expired, wrong-audience and otherwise broken ones. Tokens with chosen claims
 * are signed with Lazurite's own key (KeyService), so only the claim differs from a real one.
 */
describe("lazurite/verify", () => {
  let s: RunningServer;
  let jwksUrl: string;
  let jwks: JSONWebKeySet;
  let viToken: string;
  let faceToken: string;

  const armToken = async () => {
    const r = await http(`${s.url}/${DEV.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      ca: s.certificatePem,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: DEV.clientId,
        client_secret: DEV.clientSecret,
        scope: ARM_SCOPE,
      }).toString(),
    });
    return r.json.access_token as string;
  };
  const generate = async (body: Record<string, unknown>, op = "generateAccessToken") => {
    const r = await http(`${s.url}${accountPath}/${op}?api-version=2025-04-01`, {
      method: "POST",
      ca: s.certificatePem,
      headers: { authorization: `Bearer ${await armToken()}` },
      body,
    });
    assert.equal(r.status, 200, r.text);
    return r.json.accessToken as string;
  };
  /** A token signed by Lazurite's Video Indexer key with these claims. */
  const signedVi = (claims: JWTPayload) => s.keys.sign(ISSUERS.videoIndexer, DEFAULTS.tokenAlg, claims);
  const viClaims = (over: JWTPayload = {}): JWTPayload => {
    const iat = Math.floor(Date.now() / 1000);
    return {
      AccountId: DEV.viAccountId,
      Permission: "Reader",
      Scope: "Account",
      iss: VI_ISSUER,
      aud: VI_ISSUER,
      iat,
      nbf: iat,
      exp: iat + 3600,
      ...over,
    };
  };
  const opts = () => ({ jwksUrl, ca: s.certificatePem });

  before(async () => {
    s = await startServer(
      {
        host: "127.0.0.1",
        port: 0,
        location: "",
        inMemory: true,
        logLevel: "silent",
        tokenAlg: DEFAULTS.tokenAlg,
        armRegion: DEFAULTS.armRegion,
      },
      () => {},
    );
    jwksUrl = `${s.url}/.well-known/jwks.json`;
    jwks = (await http(jwksUrl, { ca: s.certificatePem })).json;
    viToken = await generate({ permissionType: "Contributor", scope: "Account" });
    const face = await http(`${s.url}/${DEV.faceName}/face/v1.3-preview.1/settings/getClientAssetsAccessToken`, {
      ca: s.certificatePem,
      headers: { "ocp-apim-subscription-key": DEV.faceKey1 },
    });
    faceToken = face.json.accessToken;
  });
  after(async () => s.close());

  describe("Video Indexer tokens", () => {
    it("accepts a real token, by JWKS URL and by JWKS, with typed claims", async () => {
      const byUrl = await verifyVideoIndexerToken(viToken, {
        ...opts(),
        algorithms: ["ES256"],
        expected: { accountId: DEV.viAccountId.toUpperCase(), permission: "Contributor", scope: "Account", location: "West US 2" },
      });
      assert.equal(byUrl.claims.Permission, "Contributor");
      assert.equal(byUrl.claims.ExternalUserId, DEV.appObjectId);
      assert.equal(byUrl.header.alg, "ES256");
      const byJwks = await verifyVideoIndexerToken(viToken, { jwks });
      assert.equal(byJwks.claims.AccountId, DEV.viAccountId);
    });

    it("checks what the resource server expects of account, permission, scope and video", async () => {
      await assert.rejects(
        verifyVideoIndexerToken(viToken, { ...opts(), expected: { accountId: randomUUID() } }),
        refusedWith("unexpected_claim", "AccountId"),
      );
      await assert.rejects(
        verifyVideoIndexerToken(viToken, { ...opts(), expected: { permission: "Reader" } }),
        refusedWith("unexpected_claim", "Permission"),
      );
      await verifyVideoIndexerToken(viToken, { ...opts(), expected: { permission: ["Reader", "Contributor"] } });
      await assert.rejects(
        verifyVideoIndexerToken(viToken, { ...opts(), expected: { scope: "Video" } }),
        refusedWith("unexpected_claim", "Scope"),
      );
      // An Account token covers every video of the account; a Video token only its own.
      await verifyVideoIndexerToken(viToken, { ...opts(), expected: { videoId: "abc123" } });
      const video = await generate({ permissionType: "Reader", scope: "Video", videoId: "abc123" });
      await verifyVideoIndexerToken(video, { ...opts(), expected: { videoId: "abc123", scope: "Video" } });
      await assert.rejects(
        verifyVideoIndexerToken(video, { ...opts(), expected: { videoId: "other" } }),
        refusedWith("unexpected_claim", "VideoId"),
      );
      await assert.rejects(
        verifyVideoIndexerToken(video, { ...opts(), expected: { projectId: "p1" } }),
        refusedWith("unexpected_claim", "Scope"),
      );
      const restricted = await generate({ scope: "Account" }, "generateRestrictedViewerAccessToken");
      assert.equal((await verifyVideoIndexerToken(restricted, opts())).claims.Permission, "RestrictedViewer");
      await assert.rejects(
        verifyVideoIndexerToken(viToken, { ...opts(), expected: { location: "northeurope" } }),
        refusedWith("unexpected_claim", "IssuerLocation"),
      );
    });

    it("refuses an expired token after the skew, and accepts it within", async () => {
      const exp = (await verifyVideoIndexerToken(viToken, opts())).claims.exp;
      await verifyVideoIndexerToken(viToken, { ...opts(), now: new Date((exp + 299) * 1000) });
      await assert.rejects(
        verifyVideoIndexerToken(viToken, { ...opts(), now: new Date((exp + 301) * 1000) }),
        refusedWith("expired", "exp"),
      );
      await assert.rejects(
        verifyVideoIndexerToken(viToken, { ...opts(), now: new Date((exp + 11) * 1000), clockToleranceSeconds: 10 }),
        refusedWith("expired"),
      );
    });

    it("refuses a token not valid yet, or issued in the future", async () => {
      const iat = Math.floor(Date.now() / 1000);
      await assert.rejects(
        verifyVideoIndexerToken(await signedVi(viClaims({ nbf: iat + 3000 })), opts()),
        refusedWith("not_yet_valid", "nbf"),
      );
      await assert.rejects(
        verifyVideoIndexerToken(await signedVi(viClaims({ iat: iat + 3000 })), opts()),
        refusedWith("not_yet_valid", "iat"),
      );
    });

    it("refuses the wrong audience and the wrong issuer, though Lazurite's key signed them", async () => {
      await assert.rejects(
        verifyVideoIndexerToken(await signedVi(viClaims({ aud: "https://elsewhere.example/" })), opts()),
        refusedWith("wrong_audience", "aud"),
      );
      await assert.rejects(
        verifyVideoIndexerToken(await signedVi(viClaims({ iss: "https://elsewhere.example/" })), opts()),
        refusedWith("wrong_issuer", "iss"),
      );
      // A Face token is not a Video Indexer token, although the same JWKS holds its key.
      await assert.rejects(verifyVideoIndexerToken(faceToken, opts()), refusedWith("wrong_issuer"));
    });

    it("refuses missing and ill-typed claims", async () => {
      const { AccountId: _a, ...noAccount } = viClaims();
      await assert.rejects(verifyVideoIndexerToken(await signedVi(noAccount), opts()), refusedWith("missing_claim", "AccountId"));
      const { exp: _e, ...noExp } = viClaims();
      await assert.rejects(verifyVideoIndexerToken(await signedVi(noExp), opts()), refusedWith("missing_claim", "exp"));
      await assert.rejects(
        verifyVideoIndexerToken(await signedVi(viClaims({ Permission: "Owner" })), opts()),
        refusedWith("invalid_claim", "Permission"),
      );
      await assert.rejects(
        verifyVideoIndexerToken(await signedVi(viClaims({ AccountId: 42 })), opts()),
        refusedWith("invalid_claim", "AccountId"),
      );
      await assert.rejects(
        verifyVideoIndexerToken(await signedVi(viClaims({ Scope: "Video" })), opts()),
        refusedWith("missing_claim", "VideoId"),
      );
    });

    it("refuses forged tokens: another key under Lazurite's kid, an unknown kid, alg none, HMAC with the public key", async () => {
      const { kid } = JSON.parse(Buffer.from(viToken.split(".")[0]!, "base64url").toString()) as { kid: string };
      const forger = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const forged = await new SignJWT(viClaims()).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(forger.privateKey);
      await assert.rejects(verifyVideoIndexerToken(forged, opts()), refusedWith("invalid_signature"));
      const unknown = await new SignJWT(viClaims()).setProtectedHeader({ alg: "ES256", kid: "not-lazurite" }).sign(forger.privateKey);
      await assert.rejects(verifyVideoIndexerToken(unknown, opts()), refusedWith("unknown_key"));

      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
      const none = `${b64({ alg: "none", typ: "JWT" })}.${b64(viClaims())}.`;
      await assert.rejects(verifyVideoIndexerToken(none, opts()), refusedWith("algorithm_not_allowed"));
      const publicJwk = jwks.keys.find((k) => k.kid === kid)!;
      const hmac = await new SignJWT(viClaims())
        .setProtectedHeader({ alg: "HS256", kid })
        .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
      await assert.rejects(verifyVideoIndexerToken(hmac, opts()), refusedWith("algorithm_not_allowed"));
      // An allow-list narrower than the server's algorithm refuses its real tokens.
      await assert.rejects(verifyVideoIndexerToken(viToken, { ...opts(), algorithms: ["RS256"] }), refusedWith("algorithm_not_allowed"));
    });

    it("a token with any one character changed never verifies (property)", async () => {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: viToken.length - 1 }), fc.constantFrom(...alphabet), async (at, ch) => {
          fc.pre(viToken[at] !== ch);
          const changed = viToken.slice(0, at) + ch + viToken.slice(at + 1);
          // A changed last character can leave the signature's bytes the same (unused base64url bits).
          const lastUnusedBits = at === viToken.length - 1;
          try {
            await verifyVideoIndexerToken(changed, { jwks });
            return lastUnusedBits;
          } catch (e) {
            return e instanceof TokenVerificationError;
          }
        }),
        { numRuns: 60 },
      );
    });

    it("refuses bad input and bad options plainly", async () => {
      await assert.rejects(verifyVideoIndexerToken("", opts()), refusedWith("malformed"));
      await assert.rejects(verifyVideoIndexerToken("a.b.c", opts()), refusedWith("malformed"));
      await assert.rejects(verifyVideoIndexerToken("x".repeat(20_000), opts()), refusedWith("malformed"));
      await assert.rejects(verifyVideoIndexerToken(viToken, { jwks, jwksUrl }), TypeError);
      await assert.rejects(verifyVideoIndexerToken(viToken, {}), TypeError);
      await assert.rejects(verifyVideoIndexerToken(viToken, { jwks, algorithms: ["ES256", "HS256"] }), TypeError);
      await assert.rejects(verifyVideoIndexerToken(viToken, { jwksUrl: "file:///etc/passwd" }), TypeError);
    });

    it("cannot load the JWKS without trusting Lazurite's certificate", async () => {
      await assert.rejects(verifyVideoIndexerToken(viToken, { jwksUrl }), refusedWith("jwks_unavailable"));
    });
  });

  describe("Face tokens", () => {
    it("accepts a real client-assets token and checks the resource it names", async () => {
      const resourceId = `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${DEV.faceName}`;
      const { claims } = await verifyFaceToken(faceToken, {
        ...opts(),
        expected: { resourceName: DEV.faceName, resourceId, location: DEV.location },
      });
      assert.equal(claims.xms_az_rid, resourceId);
      assert.equal(claims.sub, DEV.faceName);
      await assert.rejects(
        verifyFaceToken(faceToken, { ...opts(), expected: { resourceName: "other-face" } }),
        refusedWith("wrong_issuer", "iss"),
      );
      await assert.rejects(
        verifyFaceToken(faceToken, { ...opts(), expected: { resourceId: resourceId.replace(DEV.faceName, "x") } }),
        refusedWith("unexpected_claim", "xms_az_rid"),
      );
      await assert.rejects(
        verifyFaceToken(faceToken, { ...opts(), expected: { location: "northeurope" } }),
        refusedWith("unexpected_claim", "location"),
      );
    });

    it("refuses a VI token, a wrong audience, and an issuer that disagrees with xms_az_rid", async () => {
      await assert.rejects(verifyFaceToken(viToken, opts()), refusedWith("wrong_audience"));
      const face = JSON.parse(Buffer.from(faceToken.split(".")[1]!, "base64url").toString()) as JWTPayload;
      const sign = (c: JWTPayload) => s.keys.sign(ISSUERS.face, DEFAULTS.tokenAlg, c);
      await assert.rejects(
        verifyFaceToken(await sign({ ...face, aud: "https://elsewhere.example/" }), opts()),
        refusedWith("wrong_audience"),
      );
      await assert.rejects(
        verifyFaceToken(await sign({ ...face, iss: "https://another.cognitiveservices.azure.com/" }), opts()),
        refusedWith("unexpected_claim", "xms_az_rid"),
      );
      await assert.rejects(verifyFaceToken(await sign({ ...face, iss: "https://evil.example/" }), opts()), refusedWith("wrong_issuer"));
      const { xms_az_rid: _r, ...noRid } = face;
      await assert.rejects(verifyFaceToken(await sign(noRid), opts()), refusedWith("missing_claim", "xms_az_rid"));
      const exp = face.exp!;
      await assert.rejects(verifyFaceToken(faceToken, { ...opts(), now: new Date((exp + 301) * 1000) }), refusedWith("expired"));
    });
  });
});

describe("lazurite/verify's footprint", () => {
  it("pulls in jose and Node's built-ins only: no server, store or HTTP framework in a resource server", () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/^(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']/gm)) {
        const spec = m[1]!;
        if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
        else packages.add(spec);
      }
    };
    visit(resolve(import.meta.dirname, "../src/verify/index.ts"));
    assert.deepEqual(
      [...packages].filter((p) => p !== "jose" && !p.startsWith("node:")),
      [],
    );
    assert.ok(seen.size >= 6, `only ${seen.size} modules seen`);
  });
});
