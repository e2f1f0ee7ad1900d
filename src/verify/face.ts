import { FACE_CLIENT_ASSETS_AUDIENCE, FACE_RESOURCE_TYPE, faceTokenIssuer } from "../core/azure.js";
import { TokenVerificationError } from "./errors.js";
import { claimError, optionalStringClaim, stringClaim, verifyJwt, type Verified, type VerifyOptions } from "./jwt.js";

/** The claims of a Face client-assets access token (README, "Face"). */
export interface FaceTokenClaims {
  /** `https://{resource}.cognitiveservices.azure.com/`. */
  iss: string;
  /** The SDK artifacts feed the token unlocks. */
  aud: string | string[];
  /** The caller: the Entra object id for a bearer caller, the resource name for a key caller. */
  sub: string;
  iat: number;
  nbf?: number;
  exp: number;
  jti?: string;
  /** The Face resource's ARM id. */
  xms_az_rid: string;
  location?: string;
  kind?: string;
  [claim: string]: unknown;
}

export interface FaceExpectations {
  /** The Face resource name (its custom subdomain); fixes the issuer. */
  resourceName?: string;
  /** The Face resource's ARM id (compared case-insensitively). */
  resourceId?: string;
  location?: string;
  /** Default: the SDK artifacts feed. */
  audience?: string;
}

export interface VerifyFaceTokenOptions extends VerifyOptions {
  expected?: FaceExpectations;
}

const ISSUER = /^https:\/\/([a-z0-9][a-z0-9-]{0,63})\.cognitiveservices\.azure\.com\/$/;
const RESOURCE_ID = new RegExp(
  `^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${FACE_RESOURCE_TYPE.replace("/", "\\/")}/([^/]+)$`,
  "i",
);

/**
 * Verifies a Face client-assets token: signature, algorithm allow-list, audience, expiry with skew,
 * an issuer of the Face form whose resource is the one `xms_az_rid` names, then `expected`.
 */
export async function verifyFaceToken(token: string, options: VerifyFaceTokenOptions): Promise<Verified<FaceTokenClaims>> {
  const want = options.expected ?? {};
  const { claims, header } = await verifyJwt(token, options, {
    issuer: want.resourceName !== undefined ? faceTokenIssuer(want.resourceName) : undefined,
    audience: want.audience ?? FACE_CLIENT_ASSETS_AUDIENCE,
    required: ["sub", "xms_az_rid"],
  });
  const iss = stringClaim(claims, "iss");
  const fromIssuer = ISSUER.exec(iss)?.[1];
  if (fromIssuer === undefined) throw new TokenVerificationError("wrong_issuer", `'${iss}' is not a Face resource's issuer.`, "iss");
  stringClaim(claims, "sub");
  const rid = stringClaim(claims, "xms_az_rid");
  const fromId = RESOURCE_ID.exec(rid)?.[1];
  if (fromId === undefined) throw new TokenVerificationError("invalid_claim", `'${rid}' is not a Face resource id.`, "xms_az_rid");
  if (fromId.toLowerCase() !== fromIssuer)
    throw claimError("xms_az_rid", `The issuer names resource '${fromIssuer}', xms_az_rid '${fromId}'.`);
  const location = optionalStringClaim(claims, "location");
  optionalStringClaim(claims, "kind");

  if (want.resourceId !== undefined && rid.toLowerCase() !== want.resourceId.toLowerCase())
    throw claimError("xms_az_rid", `The token is for '${rid}', not '${want.resourceId}'.`);
  if (want.location !== undefined && (location ?? "").toLowerCase() !== want.location.toLowerCase())
    throw claimError("location", `The token was issued in '${location ?? ""}', not '${want.location}'.`);
  return { claims: claims as FaceTokenClaims, header };
}
