import type { ChangeFeed } from "./change-feed.js";
import type {
  Application,
  FaceResource,
  FaultRule,
  ResourceGroup,
  RoleAssignment,
  SigningKeyRecord,
  Subscription,
  Tenant,
  User,
  VideoIndexerAccount,
} from "../model/entities.js";

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
