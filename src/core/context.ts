import type { SigningAlgorithm } from "../keys/algorithms.js";
import type { TokenValidator } from "../auth/token-validator.js";
import type { FaultInjector } from "../faults/injector.js";
import type { RequestLog } from "../inspector/request-log.js";
import type { KeyService } from "../keys/key-service.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Authorizer } from "../rbac/authorize.js";
import type { Store } from "../store/store.js";

/** What every surface gets: the store, the keys, the clock and the settings that shape answers. */
export interface AppContext {
  store: Store;
  keys: KeyService;
  /** Validates Entra bearer tokens presented to ARM and Face (cached by token hash). */
  tokens: TokenValidator;
  /** RBAC decisions (cached until role assignments change). */
  authz: Authorizer;
  now: () => Date;
  /** SHA-256 (hex) of the admin token: the token itself is not kept in memory or in the store. */
  adminTokenSha256: string;
  settings: RuntimeSettings;
  /** The last requests, with the reason for each refusal (docs/observability.md#request-inspector). */
  requests: RequestLog;
  metrics: Metrics;
  /** Fault rules, applied by the pipeline before a route's handler. */
  faults: FaultInjector;
}

export interface RuntimeSettings {
  /** Algorithm of Video Indexer and Face tokens (Entra ID always signs RS256, as the real one does). */
  tokenAlg: SigningAlgorithm;
  /** Region name ARM puts in x-ms-routing-request-id. */
  armRegion: string;
  /** PEM of what clients trust (the local CA, or the user's certificate), offered at /_lazurite/certificate. */
  certificatePem: string;
  /** Where the generated certificate is kept (absent for a given --cert, or in memory). */
  certificatePath?: string | undefined;
  /** Whether the development defaults are in the store (the dashboard shows their public credentials). */
  developmentDefaults?: boolean | undefined;
  /** The built dashboard (`npm run build` writes dist/ui); absent: the bundle beside the code. */
  uiDir?: string | undefined;
  /** Hostname mode: Azure's own hostnames resolve to this server (endpoints it names use them). */
  azureHostnames: boolean;
  managedIdentity: ManagedIdentitySettings;
  /** Refuse ARM requests past the hourly limits with 429 (--arm-throttling); otherwise only count them in headers. */
  armThrottling?: boolean | undefined;
  /** Serve unknown ARM api-versions with the newest behaviour instead of NoRegisteredProviderFound (--skip-api-version-check). */
  skipApiVersionCheck?: boolean | undefined;
  /** Lifetime of Face client-assets tokens, seconds. */
  faceTokenLifetimeSeconds: number;
  /** Face calls per second per resource before 429; 0 turns throttling off. */
  faceRateLimitPerSecond: number;
  /** Serve /_lazurite/metrics without the admin token (--metrics-public). */
  metricsPublic?: boolean | undefined;
}

/** The App Service-style managed-identity endpoint (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`). */
export interface ManagedIdentitySettings {
  /** The shared secret clients send as `X-IDENTITY-HEADER`. */
  header: string;
  /** Application (client id) impersonated when the request names no user-assigned identity. */
  clientId?: string | undefined;
  /** Its tenant; when absent, the tenant that has an application with that client id. */
  tenantId?: string | undefined;
}
