import type { FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import type { Principal } from "../../../auth/principal.js";
import type { AppContext } from "../../../core/context.js";
import type { ServiceError } from "../../../core/service-error.js";
import type { ResourceGroup, Subscription } from "../../../model/entities.js";
import { armErrors, type ArmErrors, type ArmErrorSchema } from "../errors.js";
import type { RateKind } from "../rate-limit.js";

/**
 * What a resource provider declares for one ARM operation. The order in which the checks run is
 * not the provider's to choose: it is fixed in steps.ts, and a declaration only says which of
 * them apply and with what (the action, the scope, how to load the resource, how to read the body).
 */

/** A resource type a provider serves, as Providers_Get describes it. */
export interface ProviderResourceType {
  readonly resourceType: string;
  /** Normalised region names (`westus2`), or `["global"]`; empty for types without a location. */
  readonly locations: readonly string[];
  readonly apiVersions: readonly string[];
  readonly capabilities?: string;
}

/** What Microsoft.Resources says about a provider: its namespace, whether it needs registering, its types. */
export interface ArmProviderInfo {
  readonly namespace: string;
  /** `RegistrationRequired` providers start Registered in Lazurite but can be unregistered (docs/resource-manager.md). */
  readonly registrationPolicy?: "RegistrationRequired" | "RegistrationFree";
  readonly resourceTypes?: readonly ProviderResourceType[];
}

/** An api-version as a provider knows it; `errorSchema` decides the envelope of every later error. */
export interface ApiProfile {
  readonly version: string;
  readonly errorSchema?: ArmErrorSchema | undefined;
}

/** How a provider judges the `api-version` of a request (after authentication and the subscription). */
export interface ApiVersionPolicy<P extends ApiProfile> {
  /** The profile the version selects, or a thrown ServiceError (NoRegisteredProviderFound, InvalidApiVersionParameter…). */
  resolve(apiVersion: string, call: ArmCall<ApiProfile>): P | Promise<P>;
}

export interface ArmOperation<P extends ApiProfile = ApiProfile, R = unknown, B = unknown> {
  /** The spec's operationId: named in logs, metrics and the request inspector. */
  readonly id: string;
  readonly method: HTTPMethods;
  /**
   * Fastify route path. `:subscriptionId` in it turns on the subscription and tenant checks. For a
   * `scoped` operation it is the part after the scope, e.g. `/providers/Microsoft.Authorization/roleAssignments/:name`.
   */
  readonly path: string;
  /**
   * The path follows an ARM scope of any depth (`/`, a subscription, a resource group, a resource):
   * the request's scope is in `call.scope`, and the subscription and resource-group checks run
   * when the scope names them (scope.ts).
   */
  readonly scoped?: boolean;
  readonly apiVersions: ApiVersionPolicy<P>;
  /** Which counter the request takes (default: by method, POST actions are writes). */
  readonly rateKind?: RateKind;
  /** The RBAC check: `action` over `scope`; absent for operations ARM does not authorize (lists of one's own). */
  readonly authorize?: {
    /** The action, or how the request names it (e.g. `{namespace}/register/action`). */
    action: string | ((call: ArmCall<P>) => string);
    /** The scope the action is checked over; undefined when this request needs no role (e.g. built-in definitions at the root). */
    scope(call: ArmCall<P>): string | undefined;
  };
  /** The resource group named by `:resourceGroupName` (or by the scope) must exist. */
  readonly resourceGroup?: boolean;
  /**
   * The subscription must be registered for this resource provider namespace (ARM's
   * MissingSubscriptionRegistration otherwise): writes of resource providers that require registration.
   */
  readonly registration?: string;
  /** The provider's rule for the resource name in the path (throws InvalidResourceName…). */
  readonly nameRule?: (call: ArmCall<P>) => void;
  readonly resource?: {
    load(call: ArmCall<P>): Promise<R | undefined>;
    /** When set, a missing resource is refused with this error; otherwise the handler sees `undefined`. */
    notFound?: (call: ArmCall<P>) => ServiceError;
  };
  readonly body?: {
    /** The spec's definition name, which Json.NET names when the root is not an object. */
    typeName: string;
    validate(raw: Record<string, unknown> | undefined, call: ArmCall<P, R>): B;
  };
  /** A right the body asks for beyond the operation's own action (e.g. a Contributor token needs write). */
  readonly bodyPermission?: (call: ArmCall<P, R, B>) => { action: string; scope: string; purpose?: string } | undefined;
  handle(call: ArmCall<P, R, B>): Promise<unknown>;
}

/**
 * One request's state as the steps fill it in. Fields are set by the step that owns them and
 * read only after it ran: `subscription` exists when the path names one, `resourceGroup` when
 * the operation declared `resourceGroup`, and so on.
 */
export class ArmCall<P extends ApiProfile = ApiProfile, R = unknown, B = unknown> {
  apiVersion = "";
  principal!: Principal;
  subscription!: Subscription;
  profile!: P;
  /** The factory of the request's error envelope; the api-version step replaces it. */
  errors: ArmErrors = armErrors;
  resourceGroup!: ResourceGroup;
  resource: R | undefined;
  body!: B;
  /** For a `scoped` operation, the scope the path names: `` for the root, else `/subscriptions/…` as spelt. */
  scope = "";

  constructor(
    readonly req: FastifyRequest,
    readonly reply: FastifyReply,
    readonly ctx: AppContext,
    /** The operation as the chain sees it (its declared types erased). */
    readonly op: ArmOperation,
    /** Every resource provider the surface serves (Providers_List reads it). */
    readonly catalog: readonly ArmProviderInfo[] = [],
  ) {}

  get params(): Record<string, string> {
    return this.req.params as Record<string, string>;
  }
}

/** Declares an operation with its types inferred; the chain only ever sees the erased form. */
export function operation<P extends ApiProfile, R = undefined, B = undefined>(op: ArmOperation<P, R, B>): ArmOperation {
  return op as unknown as ArmOperation;
}
