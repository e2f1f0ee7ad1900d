/**
 * Why a bearer token was refused, as a class with a stable code (jose's style). Surfaces map
 * codes to their own envelopes: ARM in surfaces/arm/errors.ts (`unauthenticated`), Face in surfaces/face/auth.ts.
 */
export type BearerErrorCode =
  | "missing" // no Authorization header
  | "malformed_header" // not `Bearer <token>`
  | "invalid" // unparsable, bad signature, disallowed algorithm, unknown key or issuer
  | "no_identity" // none of oid/puid/altsecid
  | "expired"
  | "not_yet_valid"
  | "audience";

export class BearerError extends Error {
  constructor(
    readonly code: BearerErrorCode,
    readonly detail: { audience?: string; expiresAt?: Date; now?: Date } = {},
    message: string = code,
  ) {
    super(message);
    this.name = "BearerError";
  }
}
