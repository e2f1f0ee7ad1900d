import { createServer, type Server } from "node:http";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { applyConfig, loadConfigFile, validateConfigDocument } from "../config/config-file.js";
import { devBanner, devDefaults, DEV } from "../config/dev-defaults.js";
import { TokenValidator } from "../auth/token-validator.js";
import { Authorizer } from "../rbac/authorize.js";
import { ISSUERS, KeyService } from "../keys/key-service.js";
import { prepareTenantKeys } from "../issuance/entra-tokens.js";
import { keyOf } from "../store/collections.js";
import { withReadCache } from "../store/cached-store.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { loadOrCreateTls } from "../tls/certificate.js";
import { AZURE_CERTIFICATE_NAMES } from "../core/azure.js";
import { randomBytes } from "node:crypto";
import { resolveAdminToken, storedSecret } from "./admin-token.js";
import { buildApp, serverTimeouts } from "./app.js";
import { clientError, rememberRequestHeads } from "./refusals.js";
import type { AppContext } from "../core/context.js";
import { DEFAULTS, type StartOptions } from "../config/start-options.js";
import { FaultInjector } from "../faults/injector.js";
import { RequestLog } from "../inspector/request-log.js";
import { withStoreMetrics } from "../metrics/instrumented-store.js";
import { Metrics } from "../metrics/metrics.js";
import { VERSION } from "../version.js";
import { SURFACES } from "./surfaces.js";

export interface RunningServer {
  url: string;
  httpUrl?: string | undefined;
  port: number;
  httpPort?: number | undefined;
  /** The admin token, when this instance knows it (see admin-token.ts: a joining cluster member may know only its digest). */
  adminToken: string | undefined;
  certificatePem: string;
  certificatePath?: string | undefined;
  store: Store;
  /** The instance's signing keys (shared through the store with every instance on the same database). */
  keys: KeyService;
  /** Whether the development set (src/config/dev-defaults.ts) is seeded and in use. */
  usingDevDefaults: boolean;
  /** The managed-identity endpoint's `X-IDENTITY-HEADER` secret. */
  identityHeader: string;
  close(): Promise<void>;
}

/** How many tenants get their Entra key made in the background after listen. */
const BACKGROUND_KEY_TENANTS = 32;

function displayHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Start-up in order: location, config (schema first: an invalid file never touches the store),
 * store and migrations, seed, admin token, signing keys, certificate, listeners, banner.
 */
export async function startServer(opts: StartOptions, print: (line: string) => void = (l) => console.log(l)): Promise<RunningServer> {
  const now = opts.now ?? (() => new Date());
  const location = opts.inMemory ? undefined : resolve(opts.location);
  const doc =
    opts.configDocument !== undefined
      ? await validateConfigDocument(opts.configDocument, "config document", { baseDir: process.cwd() })
      : opts.config
        ? await loadConfigFile(opts.config)
        : undefined;
  if (location) await mkdir(location, { recursive: true, mode: 0o700 });
  // The certificate depends on nothing in the store: read or made (key generation on the thread
  // pool) while the store opens and the development set is seeded; awaited before it is needed.
  const tlsReady = loadOrCreateTls({
    certFile: opts.cert,
    keyFile: opts.key,
    location,
    extraNames: [...(opts.azureHostnames ? AZURE_CERTIFICATE_NAMES : []), ...(opts.hostnames ?? [])],
  });
  tlsReady.catch(() => undefined); // awaited below; a failure meanwhile is not unhandled

  // Every surface reads through the change-feed cache; writes and transactions go to the database,
  // timed for the metrics underneath the cache.
  const metrics = new Metrics();
  const store = withReadCache(
    withStoreMetrics(
      await openStore({ location: location ?? "", inMemory: opts.inMemory, db: opts.db, poolSize: opts.dbPoolSize, now }),
      metrics,
    ),
  );
  metrics.watch(store.changes);
  let closed = false;
  try {
    const hasDevTenant = async () => (await store.tenants.get(keyOf.tenant(DEV.tenantId))) !== undefined;
    const seedDev = opts.devDefaults === true ? !(await hasDevTenant()) : !doc && (await store.tenants.count()) === 0;
    if (seedDev) await applyConfig(devDefaults(), store, "development defaults", now);
    if (doc) await applyConfig(doc, store, opts.config ?? "config document", now);
    const usingDevDefaults = (opts.devDefaults === true || !doc) && (await hasDevTenant());

    const admin = await resolveAdminToken(store, location, opts.adminToken);
    const adminToken = admin.token;
    const identityHeader =
      opts.identityHeader ?? (await storedSecret(store, "identityHeader", () => randomBytes(24).toString("base64url")));
    const managedIdentity = {
      header: identityHeader,
      clientId: opts.managedIdentityClientId ?? (usingDevDefaults ? DEV.clientId : undefined),
      tenantId: opts.managedIdentityTenantId,
    };
    const keys = new KeyService(store, { now, onSign: (issuer, kind) => metrics.tokenIssued(issuer, kind) });
    await Promise.all([keys.activeKey(ISSUERS.videoIndexer, opts.tokenAlg), keys.activeKey(ISSUERS.face, opts.tokenAlg)]);
    const tokens = new TokenValidator(keys, {
      now,
      trustedJwks: opts.trustJwks,
      loose: opts.loose,
      onCacheLookup: (hit) => metrics.bearerValidation(hit),
    });
    await tokens.init();
    const tls = await tlsReady;
    const faults = new FaultInjector(
      store,
      SURFACES.map((s) => s.name).filter((n) => n !== "admin"),
    );
    await faults.load();

    const ctx: AppContext = {
      store,
      keys,
      tokens,
      authz: new Authorizer(store),
      now,
      adminTokenSha256: admin.sha256,
      settings: {
        tokenAlg: opts.tokenAlg,
        armRegion: opts.armRegion,
        certificatePem: tls.trustPem,
        certificatePath: tls.trustPath,
        developmentDefaults: usingDevDefaults,
        uiDir: opts.uiDir,
        azureHostnames: opts.azureHostnames === true,
        managedIdentity,
        skipApiVersionCheck: opts.skipApiVersionCheck === true,
        armThrottling: opts.armThrottling === true,
        faceTokenLifetimeSeconds: opts.faceTokenLifetime ?? DEFAULTS.faceTokenLifetime,
        faceRateLimitPerSecond: opts.faceRateLimit ?? DEFAULTS.faceRateLimit,
        metricsPublic: opts.metricsPublic === true,
      },
      requests: new RequestLog(opts.requestLogSize ?? DEFAULTS.requestLogSize),
      metrics,
      faults,
    };
    const requestTimeoutMs = (opts.requestTimeout ?? DEFAULTS.requestTimeout) * 1000;
    const app = await buildApp(ctx, { https: { cert: tls.cert, key: tls.key }, logLevel: opts.logLevel, requestTimeoutMs });
    await app.listen({ host: opts.host, port: opts.port ?? (opts.azureHostnames ? 443 : DEFAULTS.port) });
    const port = (app.server.address() as AddressInfo).port;
    // Not needed to answer the first request: the tenants' RSA keys (bounded, the rest are made on first use).
    const tenantIds = (await store.tenants.list()).slice(0, BACKGROUND_KEY_TENANTS).map((t) => t.id);
    const keysReady = prepareTenantKeys(keys, tenantIds).catch(() => undefined);
    const url = `https://${displayHost(opts.host)}:${port}`;

    // The optional plain-HTTP listener shares the same routes and pipeline.
    let http: Server | undefined;
    let httpPort: number | undefined;
    if (opts.httpPort !== undefined) {
      http = createServer(serverTimeouts(requestTimeoutMs), (req, res) => app.routing(req, res));
      http.on("clientError", clientError);
      http.on("connection", rememberRequestHeads);
      await new Promise<void>((ok, fail) => {
        http!.once("error", fail);
        http!.listen(opts.httpPort, opts.host, () => ok());
      });
      httpPort = (http.address() as AddressInfo).port;
    }
    const httpUrl = httpPort !== undefined ? `http://${displayHost(opts.host)}:${httpPort}` : undefined;

    const close = async () => {
      if (closed) return;
      closed = true;
      await keysReady;
      if (http) {
        http.closeIdleConnections();
        await new Promise<void>((r) => http.close(() => r()));
      }
      await app.close();
      await store.close();
    };

    print(`Lazurite v${VERSION} listening on ${url}${httpUrl ? ` and ${httpUrl}` : ""}`);
    print(
      `  store       ${store.dialect} ${store.dialect === "sqlite" && opts.inMemory ? "(in memory: nothing is written to disk)" : store.description}`,
    );
    if (tls.generated) {
      const trust = tls.trustPath ?? "<file saved from /_lazurite/certificate>";
      print(`  certificate for ${tls.names.join(", ")}`);
      print(`              trust ${tls.trustPath ? trust : "the CA (in memory; also served at /_lazurite/certificate)"} once:`);
      print(`              NODE_EXTRA_CA_CERTS=${trust} (Node), REQUESTS_CA_BUNDLE=${trust} (Python tools, the Azure CLI)`);
      print(
        `              or per client: tlsOptions: { ca: fs.readFileSync("${trust}", "utf8") }; \`lazurite trust --print\` for the system store`,
      );
    }
    print(`  dashboard   ${url}/_lazurite/ui/ (sign in with the admin token)`);
    if (adminToken) print(`  admin token ${adminToken}${location ? `   (also in ${resolve(location, "admin-token")})` : ""}`);
    else print("  admin token (made by another instance on this database; only its digest is stored. Fix one with LAZURITE_ADMIN_TOKEN)");
    print(
      `  managed identity  IDENTITY_ENDPOINT=${httpUrl ?? url}/msi/token IDENTITY_HEADER=${identityHeader}${managedIdentity.clientId ? `   (as client ${managedIdentity.clientId})` : ""}`,
    );
    if (usingDevDefaults) for (const line of devBanner(url)) print(line);
    if (opts.loose) {
      print("");
      print("  !!! WARNING: --loose is on. Bearer tokens whose signature cannot be checked are ACCEPTED on their claims alone. !!!");
      print("  !!! Anyone can mint such a token. Use it only to replay captured real-Entra tokens on an isolated machine.   !!!");
    }

    return {
      url,
      httpUrl,
      port,
      httpPort,
      adminToken,
      certificatePem: tls.trustPem,
      certificatePath: tls.trustPath,
      store,
      keys,
      usingDevDefaults,
      identityHeader,
      close,
    };
  } catch (e) {
    if (!closed) await store.close();
    throw e;
  }
}
