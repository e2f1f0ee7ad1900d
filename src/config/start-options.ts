import type { SigningAlgorithm } from "../keys/algorithms.js";

/** Everything `lazurite start` accepts (each flag has a LAZURITE_* environment twin, see cli/program.ts). */
export interface StartOptions {
  host: string;
  /** HTTPS port; when absent, 10443, or 443 in hostname mode. */
  port?: number | undefined;
  /** Answer on Azure's own hostnames, routed by Host as Azure routes them (LAZURITE_AZURE_HOSTNAMES). */
  azureHostnames?: boolean | undefined;
  /** More DNS names for the serving certificate (--hostname, LAZURITE_HOSTNAMES). */
  hostnames?: string[] | undefined;
  httpPort?: number | undefined;
  location: string;
  /** With `db`: the database still holds everything; only local files (certificate, admin-token) are skipped. */
  inMemory: boolean;
  /** postgres:// URL (LAZURITE_DB): share one PostgreSQL database between several stateless instances. */
  db?: string | undefined;
  /** Pooled PostgreSQL connections per instance (LAZURITE_DB_POOL_SIZE, default 10). */
  dbPoolSize?: number | undefined;
  config?: string | undefined;
  /** A config document given in-process (library mode), validated like a file; wins over `config`. */
  configDocument?: unknown;
  /**
   * Make sure the development set exists (seed it when its tenant is missing), config or not; library
   * mode always does. Default: seed it only when there is no config and the store is empty.
   */
  devDefaults?: boolean | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  logLevel: string;
  tokenAlg: SigningAlgorithm;
  /** Fixed admin token (LAZURITE_ADMIN_TOKEN); otherwise one is generated once and kept. */
  adminToken?: string | undefined;
  armRegion: string;
  /** Secret for the managed-identity endpoint (LAZURITE_IDENTITY_HEADER); generated once otherwise. */
  identityHeader?: string | undefined;
  /** Client id the managed-identity endpoint impersonates by default (the dev application with dev defaults). */
  managedIdentityClientId?: string | undefined;
  managedIdentityTenantId?: string | undefined;
  /** JWKS files or URLs of external issuers (real Entra tenants) whose tokens ARM and Face accept. */
  trustJwks?: string[] | undefined;
  /** Accept tokens whose signature cannot be checked (still checks audience and expiry). Never in production. */
  loose?: boolean | undefined;
  /** Enforce ARM's hourly request limits with 429 SubscriptionRequestsThrottled (LAZURITE_ARM_THROTTLING). */
  armThrottling?: boolean | undefined;
  /** Serve unknown ARM api-versions as the newest one instead of NoRegisteredProviderFound (LAZURITE_SKIP_API_VERSION_CHECK). */
  skipApiVersionCheck?: boolean | undefined;
  /** Lifetime of Face client-assets tokens in seconds (default 24 h). */
  faceTokenLifetime?: number | undefined;
  /** Face calls per second per resource before 429 (default 0: off). */
  faceRateLimit?: number | undefined;
  /** Seconds within which a whole request must arrive (LAZURITE_REQUEST_TIMEOUT, default 30); slow senders are cut off. */
  requestTimeout?: number | undefined;
  /** Directory of the built dashboard (default: dist/ui beside the code); tests point it at a fresh build. */
  uiDir?: string | undefined;
  /** Serve /_lazurite/metrics without the admin token (LAZURITE_METRICS_PUBLIC). */
  metricsPublic?: boolean | undefined;
  /** Requests the inspector keeps (LAZURITE_REQUEST_LOG_SIZE, default 1000; 0 turns it off). */
  requestLogSize?: number | undefined;
  /** Processes serving the port together (node:cluster; LAZURITE_WORKERS, default 1). See docs/scale-out.md#workers. */
  workers?: number | undefined;
  now?: () => Date;
}

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 10443,
  location: "./.lazurite",
  logLevel: "info",
  tokenAlg: "ES256" as SigningAlgorithm,
  armRegion: "westus2",
  faceTokenLifetime: 86400,
  faceRateLimit: 0,
  requestTimeout: 30,
  requestLogSize: 1000,
};
