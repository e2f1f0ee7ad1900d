/** Why a token was refused; one code per check, so a resource server can map each to its own answer. */
export type TokenRefusal =
  | "malformed"
  | "algorithm_not_allowed"
  | "unknown_key"
  | "invalid_signature"
  | "jwks_unavailable"
  | "expired"
  | "not_yet_valid"
  | "wrong_issuer"
  | "wrong_audience"
  | "missing_claim"
  | "invalid_claim"
  | "unexpected_claim";

/** A token failed verification. `claim` names the claim a claim check was about. */
export class TokenVerificationError extends Error {
  override readonly name = "TokenVerificationError";
  constructor(
    readonly code: TokenRefusal,
    message: string,
    readonly claim?: string,
  ) {
    super(message);
  }
}

/** What jose's errors mean in our codes (the jose error stays the `cause` for debugging). */
export function refusalOf(e: unknown): TokenVerificationError {
  const err = e as { code?: string; claim?: string; reason?: string; message?: string };
  const wrap = (code: TokenRefusal, message: string, claim?: string) => {
    const out = new TokenVerificationError(code, message, claim);
    (out as { cause?: unknown }).cause = e;
    return out;
  };
  switch (err.code) {
    case "ERR_JWT_EXPIRED":
      return wrap("expired", "The token has expired.", "exp");
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (err.reason === "missing") return wrap("missing_claim", `The token has no '${err.claim}' claim.`, err.claim);
      if (err.claim === "iss") return wrap("wrong_issuer", "The token's issuer is not the expected one.", "iss");
      if (err.claim === "aud") return wrap("wrong_audience", "The token's audience is not the expected one.", "aud");
      if (err.claim === "nbf") return wrap("not_yet_valid", "The token is not valid yet.", "nbf");
      return wrap("invalid_claim", `The token's '${err.claim}' claim is invalid: ${err.message ?? ""}`, err.claim);
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return wrap("algorithm_not_allowed", "The token's signing algorithm is not allowed.");
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return wrap("unknown_key", "No key of the JWKS matches the token's kid and algorithm.");
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return wrap("invalid_signature", "The token's signature does not verify.");
    case "ERR_JWKS_TIMEOUT":
    case "ERR_JWKS_INVALID":
    case "ERR_JOSE_GENERIC":
      return wrap("jwks_unavailable", `The JWKS could not be loaded: ${err.message ?? ""}`);
    default:
      return wrap("malformed", `The token is not a valid JWS: ${err.message ?? String(e)}`);
  }
}
