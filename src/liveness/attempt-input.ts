import { z } from "zod";
import { problemsOf } from "../resources/declarations.js";
import { MAX_IMAGE_BYTES } from "./image-check.js";
import { livenessErrors } from "./liveness-error.js";

/**
 * What the device stand-in is told about one liveness attempt (docs/face-liveness.md#device): the
 * outcome the real service's model would have produced. Every field is optional; every string and
 * array is bounded. Unknown keys are refused, so a typo does not pass silently.
 */
const shortText = (max: number) => z.string().min(1).max(max);
const int = z.number().int().min(0).max(100_000);
const base64 = z
  .string()
  .max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 4)
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, "not base64");

export const attemptInput = z.strictObject({
  livenessDecision: z.enum(["uncertain", "realface", "spoofface"]).optional(),
  /** The verify outcome (liveness-with-verify sessions only). */
  verify: z
    .strictObject({
      matchConfidence: z.number().min(0).max(1).optional(),
      isIdentical: z.boolean().optional(),
    })
    .optional(),
  /** A failed attempt: the error the client SDK reported (FaceWithMaskDetected, …). */
  error: z.strictObject({ code: shortText(64).regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, _ . -"), message: shortText(512) }).optional(),
  /** The session image, base64 JPEG or PNG (or any Face image format). */
  image: base64.optional(),
  faceRectangle: z.strictObject({ top: int, left: int, width: int, height: int }).optional(),
  deviceCorrelationId: z.string().max(256).optional(),
  userCorrelationId: z.string().max(256).optional(),
  /** v1.3-preview.1 abuse monitoring outcome, for sessions that have it. */
  abuseMonitoring: z
    .strictObject({
      isAbuseDetected: z.boolean(),
      otherFlaggedSessions: z
        .array(z.strictObject({ attemptId: int, sessionId: shortText(64), sessionImageId: shortText(64).optional() }))
        .max(16)
        .optional(),
    })
    .optional(),
});

export type AttemptInput = z.infer<typeof attemptInput>;

/** What the device stand-in's start call may carry. */
export const startInput = z.strictObject({
  deviceCorrelationId: z.string().max(256).optional(),
  userCorrelationId: z.string().max(256).optional(),
});

export type StartInput = z.infer<typeof startInput>;

/** Parses a request body (absent = `{}`) or throws the invalid-attempt refusal listing every problem. */
export function parseInput<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw livenessErrors.invalidAttempt(problemsOf(r.error).join("; "));
  const value = r.data as { error?: unknown; livenessDecision?: unknown };
  if (value.error !== undefined && value.livenessDecision !== undefined) {
    throw livenessErrors.invalidAttempt("give livenessDecision (a result) or error (a failed attempt), not both");
  }
  return r.data;
}

/** The image bytes of an attempt, decoded (the schema checked the alphabet and the length). */
export function imageBytes(input: AttemptInput): Buffer | undefined {
  return input.image === undefined ? undefined : Buffer.from(input.image.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}
