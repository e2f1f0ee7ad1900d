import { AdminClient } from "../client/admin-client.js";
import { LazuriteCredential, type EntraGrant } from "../client/entra-credential.js";
import { DEV } from "../config/dev-defaults.js";
import { DEFAULTS, type StartOptions } from "../config/start-options.js";
import type { ConfigDocument } from "../resources/declarations.js";
import { keyOf } from "../store/collections.js";
import { startServer } from "./start.js";

/**
 * Library mode (`import { startLazurite } from "lazurite"`): the same start-up as `lazurite start`
 * (src/server/start.ts), in the caller's process, with defaults for tests: in memory, a free port,
 * silent logs, and the development set always present. See docs/library.md.
 */

export interface StartLazuriteOptions extends Partial<Omit<StartOptions, "config" | "configDocument" | "devDefaults">> {
  /** A config file (JSON or YAML path) or a config document, applied after the development set. */
  config?: string | ConfigDocument;
  /** Where the start-up banner goes (certificate, admin token, credentials); default nowhere. */
  print?: (line: string) => void;
}

/** The development set's ids (README, "Development defaults"): public values, for local work only. */
export interface LazuriteIds {
  tenantId: string;
  tenantDomain: string;
  /** The development application. */
  clientId: string;
  appObjectId: string;
  clientSecret: string;
  userObjectId: string;
  userPrincipalName: string;
  userPassword: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  videoIndexerAccount: string;
  /** The account's data-plane id (`properties.accountId`, the `AccountId` of its tokens). */
  videoIndexerAccountId: string;
  faceResource: string;
}

/** Credentials for another application or a user, for `credentialFor`. */
export type CredentialFor =
  | { tenantId?: string; clientId: string; clientSecret: string }
  | { tenantId?: string; clientId?: string; username: string; password: string; clientSecret?: string };

export interface Lazurite {
  /** HTTPS origin of every surface: Entra's authority host, ARM's endpoint, Face's origin. */
  url: string;
  /** Plain-HTTP origin, when started with `httpPort`. */
  httpUrl: string | undefined;
  /** The CA certificate (PEM) to trust: `tlsOptions: { ca }` in Azure SDK clients, `ca` in node:https. */
  ca: string;
  ids: LazuriteIds;
  /** A TokenCredential for the development application; any scope. */
  credential: LazuriteCredential;
  /** A TokenCredential for another application (client secret) or a user (password). */
  credentialFor(who: CredentialFor): LazuriteCredential;
  /** The development Face resource's key1, as stored now. */
  faceKey: string;
  /** The development Face resource's endpoint (path style), for the Face client. */
  faceEndpoint: string;
  /** ARM's endpoint, for `@azure-rest/core-client` `getClient` and the ARM SDKs. */
  armEndpoint: string;
  /** The Video Indexer and Face token JWKS, for `lazurite/verify`. */
  jwksUrl: string;
  /** The typed admin API client. */
  admin: AdminClient;
  adminToken: string;
  /** `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` for `ManagedIdentityCredential`. */
  managedIdentity: { endpoint: string; header: string };
  /** Stops accepting connections, finishes in-flight requests and closes the store. */
  stop(): Promise<void>;
}

const IDS: LazuriteIds = {
  tenantId: DEV.tenantId,
  tenantDomain: DEV.tenantDomain,
  clientId: DEV.clientId,
  appObjectId: DEV.appObjectId,
  clientSecret: DEV.clientSecret,
  userObjectId: DEV.userObjectId,
  userPrincipalName: DEV.userPrincipalName,
  userPassword: DEV.userPassword,
  subscriptionId: DEV.subscriptionId,
  resourceGroup: DEV.resourceGroup,
  location: DEV.location,
  videoIndexerAccount: DEV.viAccountName,
  videoIndexerAccountId: DEV.viAccountId,
  faceResource: DEV.faceName,
};

export async function startLazurite(options: StartLazuriteOptions = {}): Promise<Lazurite> {
  const { config, print, ...rest } = options;
  const inMemory = rest.inMemory ?? true;
  const opts: StartOptions = {
    host: DEFAULTS.host,
    port: 0,
    location: DEFAULTS.location,
    logLevel: "silent",
    tokenAlg: DEFAULTS.tokenAlg,
    armRegion: DEFAULTS.armRegion,
    ...rest,
    inMemory,
    devDefaults: true,
    ...(typeof config === "string" ? { config } : config !== undefined ? { configDocument: config } : {}),
  };
  const server = await startServer(opts, print ?? (() => {}));
  try {
    const adminToken = server.adminToken ?? options.adminToken;
    if (!adminToken) throw new Error("this database's admin token was made by another instance: pass adminToken");
    const face = await server.store.faceResources.get(keyOf.resource(DEV.subscriptionId, DEV.resourceGroup, DEV.faceName));
    const account = await server.store.videoIndexerAccounts.get(keyOf.resource(DEV.subscriptionId, DEV.resourceGroup, DEV.viAccountName));
    const ca = server.certificatePem;
    const credentialFor = (who: CredentialFor): LazuriteCredential => {
      const grant: EntraGrant =
        "username" in who
          ? {
              kind: "password",
              clientId: who.clientId ?? DEV.clientId,
              username: who.username,
              password: who.password,
              clientSecret: who.clientSecret,
            }
          : { kind: "client_credentials", clientId: who.clientId, clientSecret: who.clientSecret };
      return new LazuriteCredential({ authorityHost: server.url, tenantId: who.tenantId ?? DEV.tenantId, grant, ca });
    };
    return {
      url: server.url,
      httpUrl: server.httpUrl,
      ca,
      ids: { ...IDS, ...(account ? { videoIndexerAccountId: account.accountId } : {}) },
      credential: credentialFor({ clientId: DEV.clientId, clientSecret: DEV.clientSecret }),
      credentialFor,
      faceKey: face?.keys[0] ?? DEV.faceKey1,
      faceEndpoint: `${server.url}/${DEV.faceName}`,
      armEndpoint: server.url,
      jwksUrl: `${server.url}/.well-known/jwks.json`,
      admin: new AdminClient({ url: server.url, adminToken, ca }),
      adminToken,
      managedIdentity: { endpoint: `${server.httpUrl ?? server.url}/msi/token`, header: server.identityHeader },
      stop: () => server.close(),
    };
  } catch (e) {
    await server.close();
    throw e;
  }
}

export {
  AdminApiError,
  AdminClient,
  ApplicationsClient,
  EntityClient,
  FaceResourcesClient,
  type AdminClientOptions,
} from "../client/admin-client.js";
export type * from "../client/admin-types.js";
export {
  EntraAuthenticationError,
  LazuriteCredential,
  type AccessToken,
  type EntraCredentialOptions,
  type EntraGrant,
  type GetTokenOptions,
  type TokenCredential,
} from "../client/entra-credential.js";
export type { ConfigDocument } from "../resources/declarations.js";
export type { SigningAlgorithm } from "../keys/algorithms.js";
