import { livenessErrors, type LivenessError } from "./liveness-error.js";

/** Face's rule for a correlation id: present, not empty, at most 64 characters [D InvalidDeviceCorrelationId]. */
export const MAX_CORRELATION_ID = 64;

export function validCorrelationId(v: unknown): v is string {
  return typeof v === "string" && v.trim() !== "" && v.length <= MAX_CORRELATION_ID;
}

/**
 * The correlation id a session ends up with, from creation or from the device's start: when the
 * client sets it (`…SetInClient: true`) the device must give it and the creator must not; otherwise
 * the creator must give it. Returns undefined when nothing is to be recorded.
 */
export function deviceSide(
  setInClient: boolean,
  already: string | undefined,
  given: string | undefined,
  refusal: () => LivenessError,
): string | undefined {
  if (!setInClient || already !== undefined) return undefined;
  if (!validCorrelationId(given)) throw refusal();
  return given;
}

export const correlationRefusals = {
  device: livenessErrors.invalidDeviceCorrelationId,
  user: livenessErrors.invalidUserCorrelationId,
};
