// The token-authority peer of the benchmark: oidc-provider (the best-known Node OAuth 2.0 / OpenID
// Connect server) set up as in production for one job, the client_credentials grant answering a
// JWT access token for one resource server, signed with one key of the algorithm asked for.
//
//   node --import tsx bench/peers/oidc-server.ts <RS256|ES256> <cert.pem> <key.pem>
//
// Production-like: no development interactions, no introspection or revocation, real cookie
// keys (so no development keys are used), no proxy trust, nothing listening to its events. It
// serves HTTPS with the certificate given (the benchmark passes Lazurite's) on a loopback port
// and prints `listening on https://127.0.0.1:<port>`.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import Provider, { errors } from "oidc-provider";
import { OIDC_PEER } from "./oidc-peer.js";

const [alg, certFile, keyFile] = process.argv.slice(2);
if (alg !== "RS256" && alg !== "ES256") throw new Error("the first argument must be RS256 or ES256");

const pair = alg === "RS256" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ec", { namedCurve: "P-256" });
const signingKey = { ...pair.privateKey.export({ format: "jwk" }), kid: `bench-${alg.toLowerCase()}`, alg, use: "sig" };

const provider = new Provider(OIDC_PEER.issuer, {
  clients: [
    {
      client_id: OIDC_PEER.clientId,
      client_secret: OIDC_PEER.clientSecret,
      token_endpoint_auth_method: "client_secret_post",
      grant_types: ["client_credentials"],
      response_types: [],
      redirect_uris: [],
      scope: OIDC_PEER.scope,
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString("base64url")] },
  scopes: [OIDC_PEER.scope],
  clientDefaults: { id_token_signed_response_alg: alg },
  features: {
    devInteractions: { enabled: false },
    introspection: { enabled: false },
    revocation: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => OIDC_PEER.resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx: unknown, resource: string) => {
        if (resource !== OIDC_PEER.resource) throw new errors.InvalidTarget();
        return {
          scope: OIDC_PEER.scope,
          audience: OIDC_PEER.resource,
          accessTokenTTL: 3600,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg } },
        };
      },
    },
  },
});
provider.proxy = false;

const server = createServer({ cert: readFileSync(certFile!, "utf8"), key: readFileSync(keyFile!, "utf8") }, provider.callback());
server.listen(0, "127.0.0.1", () => {
  console.log(`oidc-provider ${alg} listening on https://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
