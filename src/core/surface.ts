import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "./context.js";
import type { ServiceError } from "./service-error.js";

/**
 * What the pipeline knows about a request before any route matched: enough to pick the surface
 * whose envelope every answer must be in, even for an unknown path or an unparsable body.
 */
export interface RequestTarget {
  /** Path without query, percent-decoded where that is valid, duplicate slashes collapsed, lower-cased. */
  readonly path: string;
  /** The Host header, lower-cased, without port. */
  readonly host: string;
}

/** Refusals made by the HTTP layer itself, before any route could answer. */
export type ProtocolStatus = 400 | 408 | 413 | 414 | 431;
/**
 * An error a fault rule asks for (docs/observability.md#fault-injection): the status, and
 * optionally the code, message and Retry-After seconds. What is left out, the surface fills in
 * with what it answers for that status.
 */
export interface InjectedFault {
  status: number;
  code?: string | undefined;
  message?: string | undefined;
  retryAfter?: number | undefined;
}

/** The answers a surface gives when no route of its own got to answer. */
export interface SurfaceErrors {
  /** No operation of the surface matches the method and path (unknown paths, unknown methods, unparsable URLs). */
  notFound(req: FastifyRequest): ServiceError;
  badBody(message: string): ServiceError;
  tooLarge(): ServiceError;
  /** The HTTP layer refused the request (headers too large, request timeout, malformed request…). */
  protocol(status: ProtocolStatus, message: string): ServiceError;
  /** The store cannot be reached or written (full disk, database down): retry later. */
  unavailable(retryAfterSeconds: number): ServiceError;
  internal(): ServiceError;
  /** An injected fault, in the surface's own envelope and with its headers. */
  injected(fault: InjectedFault, req: FastifyRequest): ServiceError;
}

/**
 * One surface of the server (ARM, Face, Entra ID, managed identity, admin, internal): it owns its
 * routes, its error envelope and its fixed headers. `src/server/` composes a list of these; a new
 * surface is a folder that exports one, plus one line in that list.
 */
export interface Surface {
  readonly name: string;
  /**
   * Hosts that are this surface's whatever the path, as Azure routes by host (login.microsoftonline.com
   * is Entra's, management.azure.com ARM's…): asked first, for every surface that has it.
   */
  ownsHost?(host: string): boolean;
  /** Whether the request belongs to this surface by its path. The pipeline asks the surfaces in list order. */
  owns(target: RequestTarget): boolean;
  /** Headers every response of the surface carries, set before anything else runs. */
  decorate(req: FastifyRequest, reply: FastifyReply, ctx: AppContext): void;
  /**
   * A check that runs before routing, body parsing included, for every request of the surface,
   * unknown paths too (the admin token: an unauthenticated caller learns nothing, not even which
   * routes exist). Returns the refusal, or undefined to go on.
   */
  gate?(req: FastifyRequest, ctx: AppContext): ServiceError | undefined;
  readonly errors: SurfaceErrors;
  /** Registers the surface's routes, body parsers and hooks, inside its own encapsulated plugin. */
  register(app: FastifyInstance, ctx: AppContext): Promise<void>;
}
