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
  /** Fastify route path. `:subscriptionId` in it turns on the subscription and tenant checks. */
  readonly path: string;
  readonly apiVersions: ApiVersionPolicy<P>;
  /** Which counter the request takes (default: by method, POST actions are writes). */
  readonly rateKind?: RateKind;
  /** The RBAC check: `action` over `scope`; absent for operations ARM does not authorize (lists of one's own). */
  readonly authorize?: { action: string; scope(call: ArmCall<P>): string };
  /** The resource group named by `:resourceGroupName` must exist. */
  readonly resourceGroup?: boolean;
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

  constructor(
    readonly req: FastifyRequest,
    readonly reply: FastifyReply,
    readonly ctx: AppContext,
    /** The operation as the chain sees it (its declared types erased). */
    readonly op: ArmOperation,
  ) {}

  get params(): Record<string, string> {
    return this.req.params as Record<string, string>;
  }
}

/** Declares an operation with its types inferred; the chain only ever sees the erased form. */
export function operation<P extends ApiProfile, R = undefined, B = undefined>(op: ArmOperation<P, R, B>): ArmOperation {
  return op as unknown as ArmOperation;
}
