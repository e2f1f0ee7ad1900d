import type { z } from "zod";
import type { AppContext } from "../../core/context.js";
import { problemsOf } from "../../resources/declarations.js";
import { ResourceError, ResourceService } from "../../resources/resource-service.js";
import type { Collections } from "../../store/store.js";
import { adminErrors } from "./errors.js";

/** A body checked against a declaration schema, or 400 listing every problem with its path. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw adminErrors.invalid(problemsOf(r.error));
  return r.data;
}

function mapResourceError(e: unknown): never {
  if (e instanceof ResourceError) {
    if (e.kind === "not-found") throw adminErrors.notFound(e.message.replace(/ does not exist\.$/, ""));
    if (e.kind === "conflict") throw adminErrors.conflict(e.message);
    throw adminErrors.invalid([e.message]);
  }
  throw e;
}

/** Runs an admin write in one store transaction, through the resource service, with the admin envelope for its refusals. */
export function inTransaction<T>(ctx: AppContext, fn: (c: Collections, svc: ResourceService) => Promise<T>): Promise<T> {
  return ctx.store.transaction(async (c) => {
    try {
      return await fn(c, new ResourceService(c, ctx.now));
    } catch (e) {
      return mapResourceError(e);
    }
  });
}
