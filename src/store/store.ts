import type { ChangeFeed } from "./change-feed.js";
import type {
  Application,
  FaceResource,
  ProviderRegistration,
  FaultRule,
  ResourceGroup,
  RoleAssignment,
  SigningKeyRecord,
  Subscription,
  Tenant,
  User,
  VideoIndexerAccount,
} from "../model/entities.js";
import type { LivenessSessionImage, LivenessSessionRecord } from "../model/liveness.js";

/** A named value the server keeps for itself (the admin token hash, for instance). */
export interface Setting {
  name: string;
  value: string;
}

export interface ListQuery {
  /** Exact parent scope (canonical form, see collections.ts). */
  scope?: string;
  /** Parent scope prefix, e.g. a subscription id to list accounts across its resource groups. */
  scopePrefix?: string;
}

/**
 * One kind of entity. Keys are canonical (lower-case) strings derived from the entity by its
 * collection definition; callers pass the same canonical key to get/delete.
 */
export interface Collection<T> {
  get(key: string): Promise<T | undefined>;
  /** Look up by the collection's secondary unique key (e.g. a VI account's accountId). */
  getByAlt(alt: string): Promise<T | undefined>;
  list(query?: ListQuery): Promise<T[]>;
  count(query?: ListQuery): Promise<number>;
  /** Insert only if absent. Returns false when an entity with that key already exists. */
  insert(entity: T): Promise<boolean>;
  /** Insert or replace by key. Returns true when the entity was created. */
  upsert(entity: T): Promise<boolean>;
  delete(key: string): Promise<boolean>;
}

export interface Collections {
  tenants: Collection<Tenant>;
  applications: Collection<Application>;
  users: Collection<User>;
  subscriptions: Collection<Subscription>;
  resourceGroups: Collection<ResourceGroup>;
  videoIndexerAccounts: Collection<VideoIndexerAccount>;
  faceResources: Collection<FaceResource>;
  roleAssignments: Collection<RoleAssignment>;
  signingKeys: Collection<SigningKeyRecord>;
  settings: Collection<Setting>;
  /** Face liveness sessions, scoped by their Face resource (docs/face-liveness.md). */
  livenessSessions: Collection<LivenessSessionRecord>;
  /** Session images, scoped by resource and session; never read through the cache (they are large). */
  livenessSessionImages: Collection<LivenessSessionImage>;
  providerRegistrations: Collection<ProviderRegistration>;
  faultRules: Collection<FaultRule>;
}

/**
 * The persistence boundary. Every method is async and every write is durable when its promise
 * resolves, so a SQLite and a PostgreSQL implementation are interchangeable above this line.
 */
export interface Store extends Collections {
  readonly dialect: "sqlite" | "postgres";
  /** Human-readable location for logs (file path, ":memory:", or a redacted URL). */
  readonly description: string;
  /**
   * Committed writes, announced after commit: this instance's at once, other instances' (on a
   * shared PostgreSQL database) through LISTEN/NOTIFY. Caches subscribe here (see change-feed.ts).
   */
  readonly changes: ChangeFeed;
  migrate(): Promise<void>;
  /** True when the store answers a trivial query. */
  ping(): Promise<boolean>;
  /** Run `fn` atomically; collections on `tx` see and write inside the transaction. */
  transaction<T>(fn: (tx: Collections) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The store cannot serve the request now: a full disk, an I/O error, a locked or read-only
 * database, a PostgreSQL server that is down or unreachable. Surfaces answer 503 with
 * Retry-After; nothing was acknowledged, so nothing is lost.
 */
export class StoreUnavailableError extends Error {
  readonly code = "STORE_UNAVAILABLE";
  constructor(cause: unknown) {
    super(`store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "StoreUnavailableError";
  }
}

export function isStoreUnavailable(e: unknown): e is StoreUnavailableError {
  return e instanceof StoreUnavailableError;
}

/** A write violated a unique constraint other than the primary key (e.g. a duplicate accountId). */
export class StoreConflictError extends Error {
  readonly code = "STORE_CONFLICT";
  constructor(
    readonly table: string,
    message = `conflicting unique value in ${table}`,
  ) {
    super(message);
    this.name = "StoreConflictError";
  }
}
