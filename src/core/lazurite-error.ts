import { ServiceError } from "./service-error.js";

/** Lazurite's own envelope (admin API, internal routes): `{ error: { code, message, details? } }`. */
export function lazuriteError(status: number, code: string, message: string, details?: string[]): ServiceError {
  return new ServiceError(status, code, { error: details ? { code, message, details } : { code, message } });
}
