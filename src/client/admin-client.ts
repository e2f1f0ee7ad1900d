import type {
  ApplicationCreate,
  ApplicationView,
  FaceKeys,
  FaceResourceCreate,
  FaceResourceView,
  ManagedIdentityView,
  NewClientSecret,
  ResourceGroupCreate,
  ResourceGroupView,
  RoleAssignmentCreate,
  RoleAssignmentView,
  SigningKeyView,
  SubscriptionCreate,
  SubscriptionView,
  TenantCreate,
  TenantView,
  UserCreate,
  UserView,
  VideoIndexerAccountCreate,
  VideoIndexerAccountView,
} from "./admin-types.js";
import { http } from "./http.js";

/** The admin API refused a call; `body` is its JSON error (`{ error: { code, message, details? } }`). */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = "AdminApiError";
  }
}

export interface AdminClientOptions {
  /** The server's URL (`https://127.0.0.1:10443`). */
  url: string;
  adminToken: string;
  /** The server's CA certificate (PEM); the system trust store when absent. */
  ca?: string | undefined;
}

type Send = <T>(method: string, path: string, body?: unknown) => Promise<T>;
const enc = encodeURIComponent;

function query(q: Record<string, string | undefined> | undefined): string {
  const entries = Object.entries(q ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : "";
}

/**
 * One entity kind: list and create on its collection; get, update (PUT merges over what exists:
 * fields left out are kept) and delete on its items.
 */
export class EntityClient<View, Create> {
  constructor(
    protected readonly send: Send,
    protected readonly path: string,
  ) {}

  async list(filter?: Record<string, string | undefined>): Promise<View[]> {
    return (await this.send<{ value: View[] }>("GET", `${this.path}${query(filter)}`)).value;
  }
  get(id: string): Promise<View> {
    return this.send("GET", `${this.path}/${enc(id)}`);
  }
  /** Refuses (409) to overwrite an existing item. */
  create(body: Create): Promise<View> {
    return this.send("POST", this.path, body);
  }
  update(id: string, body: Partial<Create>): Promise<View> {
    return this.send("PUT", `${this.path}/${enc(id)}`, body);
  }
  async delete(id: string): Promise<void> {
    await this.send("DELETE", `${this.path}/${enc(id)}`);
  }
}

export class ApplicationsClient extends EntityClient<ApplicationView, ApplicationCreate> {
  /** Adds a generated client secret; its value is in the answer and nowhere else. */
  addSecret(clientId: string, options: { displayName?: string; expiresAt?: string } = {}): Promise<NewClientSecret> {
    return this.send("POST", `${this.path}/${enc(clientId)}/secrets`, options);
  }
  async removeSecret(clientId: string, secretId: string): Promise<void> {
    await this.send("DELETE", `${this.path}/${enc(clientId)}/secrets/${enc(secretId)}`);
  }
}

export class FaceResourcesClient extends EntityClient<FaceResourceView, FaceResourceCreate> {
  /** Replaces key1 or key2; the old key stops working at once. */
  regenerateKey(name: string, which: "key1" | "key2"): Promise<FaceKeys> {
    return this.send("POST", `${this.path}/${enc(name)}/regenerateKey`, { keyName: which === "key1" ? "Key1" : "Key2" });
  }
}

/**
 * The typed client of Lazurite's admin API (`/_lazurite/admin`), shared by the CLI and library
 * mode. `call` reaches any admin path; the members below are typed per entity.
 */
export class AdminClient {
  private readonly send: Send = <T>(method: string, path: string, body?: unknown) => this.call(method, path, body) as Promise<T>;

  constructor(private readonly options: AdminClientOptions) {
    if (!options.adminToken) throw new Error("AdminClient: an admin token is required");
  }

  /** Any admin call: `path` is below `/_lazurite/admin`. Resolves to the parsed JSON; an error status rejects with AdminApiError. */
  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await http(new URL(`/_lazurite/admin${path}`, this.options.url), {
      method,
      headers: { authorization: `Bearer ${this.options.adminToken}` },
      body,
      ca: this.options.ca,
    });
    const parsed = res.json ?? (res.text || undefined);
    if (res.status >= 400) throw new AdminApiError(res.status, parsed);
    return parsed;
  }

  readonly tenants = new EntityClient<TenantView, TenantCreate>(this.send, "/tenants");
  readonly subscriptions = new EntityClient<SubscriptionView, SubscriptionCreate>(this.send, "/subscriptions");

  applications(tenantId: string): ApplicationsClient {
    return new ApplicationsClient(this.send, `/tenants/${enc(tenantId)}/applications`);
  }
  users(tenantId: string): EntityClient<UserView, UserCreate> {
    return new EntityClient(this.send, `/tenants/${enc(tenantId)}/users`);
  }
  resourceGroups(subscriptionId: string): EntityClient<ResourceGroupView, ResourceGroupCreate> {
    return new EntityClient(this.send, `/subscriptions/${enc(subscriptionId)}/resourceGroups`);
  }
  videoIndexerAccounts(subscriptionId: string, resourceGroup: string): EntityClient<VideoIndexerAccountView, VideoIndexerAccountCreate> {
    return new EntityClient(this.send, `/subscriptions/${enc(subscriptionId)}/resourceGroups/${enc(resourceGroup)}/videoIndexerAccounts`);
  }
  faceResources(subscriptionId: string, resourceGroup: string): FaceResourcesClient {
    return new FaceResourcesClient(this.send, `/subscriptions/${enc(subscriptionId)}/resourceGroups/${enc(resourceGroup)}/faceResources`);
  }

  /** Every Video Indexer account, or those of one subscription. */
  async allVideoIndexerAccounts(subscriptionId?: string): Promise<VideoIndexerAccountView[]> {
    return (await this.send<{ value: VideoIndexerAccountView[] }>("GET", `/videoIndexerAccounts${query({ subscriptionId })}`)).value;
  }
  /** Every Face resource, or those of one subscription. */
  async allFaceResources(subscriptionId?: string): Promise<FaceResourceView[]> {
    return (await this.send<{ value: FaceResourceView[] }>("GET", `/faceResources${query({ subscriptionId })}`)).value;
  }

  /** Role assignments have no update: delete and create. */
  readonly roleAssignments = {
    list: async (filter: { principalId?: string; scope?: string } = {}): Promise<RoleAssignmentView[]> =>
      (await this.send<{ value: RoleAssignmentView[] }>("GET", `/roleAssignments${query(filter)}`)).value,
    get: (id: string): Promise<RoleAssignmentView> => this.send("GET", `/roleAssignments/${enc(id)}`),
    create: (body: RoleAssignmentCreate): Promise<RoleAssignmentView> => this.send("POST", "/roleAssignments", body),
    delete: async (id: string): Promise<void> => void (await this.send("DELETE", `/roleAssignments/${enc(id)}`)),
  };

  readonly keys = {
    /** Public parts of every signing key. */
    list: async (): Promise<SigningKeyView[]> => (await this.send<{ value: SigningKeyView[] }>("GET", "/keys")).value,
    /** A new active key for `videoIndexer`, `face` or `entra:{tenantId}`; the old one stays published for 48 h. */
    rotate: (issuer: string, alg?: "RS256" | "PS256" | "ES256" | "ES384"): Promise<SigningKeyView> =>
      this.send("POST", "/keys/rotate", alg ? { issuer, alg } : { issuer }),
  };

  /** Applies a config document (the shape of a `--config` file): an upsert that deletes nothing. */
  async applyConfig(document: unknown): Promise<void> {
    await this.send("POST", "/config", document);
  }

  /** The managed-identity endpoint's `IDENTITY_HEADER` secret and default identity. */
  managedIdentity(): Promise<ManagedIdentityView> {
    return this.send("GET", "/managedIdentity");
  }
}
