import { z } from "zod";

/**
 * A fault rule as the admin API takes it (docs/observability.md#fault-injection). Every field
 * is bounded; the matchers left out match everything. A rule needs an error, a delay, or both.
 */
export const faultRuleDecl = z
  .strictObject({
    surface: z.string().min(1).max(32).optional(),
    operation: z.string().min(1).max(128).optional(),
    method: z
      .string()
      .regex(/^[A-Za-z]{1,16}$/, "an HTTP method")
      .transform((m) => m.toUpperCase())
      .optional(),
    path: z.string().min(1).max(512).startsWith("/").optional(),
    principal: z.string().min(1).max(256).optional(),
    probability: z.number().min(0).max(1).default(1),
    count: z.number().int().min(1).max(1_000_000).optional(),
    latency_ms: z.number().int().min(0).max(60_000).optional(),
    error: z
      .strictObject({
        status: z.number().int().min(400).max(599),
        code: z.string().min(1).max(128).optional(),
        message: z.string().min(1).max(1024).optional(),
        retryAfter: z.number().int().min(0).max(86_400).optional(),
      })
      .optional(),
  })
  .refine((r) => r.error !== undefined || r.latency_ms !== undefined, { message: "a rule needs an error, a latency_ms, or both" });

export type FaultRuleDecl = z.infer<typeof faultRuleDecl>;

/** At most this many rules exist at once: each request is checked against all of them. */
export const MAX_FAULT_RULES = 100;
