import { isIP } from "node:net";
import { validCorrelationId } from "../../../liveness/correlation.js";
import { livenessErrors } from "../../../liveness/liveness-error.js";
import { faceErrors } from "../errors.js";
import { LIVENESS_OPERATION_MODES, TOKEN_TTL, type FaceLivenessVersion } from "./api-versions.js";
import { MAX_FIELD_BYTES, type Form } from "./multipart.js";

/** A create request's session fields, checked (docs/face-liveness.md#create). */
export interface CreateRequest {
  livenessOperationMode: string;
  modelVersion: string;
  authTokenTimeToLiveInSeconds: number;
  deviceCorrelationIdSetInClient: boolean;
  deviceCorrelationId?: string | undefined;
  userCorrelationIdSetInClient: boolean;
  userCorrelationId?: string | undefined;
  enableSessionImage: boolean;
  attemptsAllowed: number;
  expectedClientIpAddress?: string | undefined;
  // liveness-with-verify only
  returnVerifyImageHash: boolean;
  verifyConfidenceThreshold?: number | undefined;
}

/**
 * Reads typed values from a JSON body (types as JSON has them) or from form fields (text, as the
 * real client sends `String(value)`). A value of the wrong type is InvalidRequestBody, as a failed
 * model binding is [U]; absent and `null` are the same. Unknown fields are ignored [U].
 */
interface FieldReader {
  str(name: string): string | undefined;
  bool(name: string): boolean | undefined;
  /** A number, or NaN when the text is not numeric (the caller decides which code that gets). */
  num(name: string): number | undefined;
}

const badBody = () => faceErrors.invalidRequestBody();

export function jsonFields(body: unknown): FieldReader {
  if (typeof body !== "object" || body === null || Array.isArray(body) || Buffer.isBuffer(body)) throw badBody();
  const o = body as Record<string, unknown>;
  const get = (n: string) => (Object.hasOwn(o, n) && o[n] !== null ? o[n] : undefined);
  return {
    str: (n) => {
      const v = get(n);
      if (v !== undefined && typeof v !== "string") throw badBody();
      return v;
    },
    bool: (n) => {
      const v = get(n);
      if (v !== undefined && typeof v !== "boolean") throw badBody();
      return v;
    },
    num: (n) => {
      const v = get(n);
      if (v !== undefined && typeof v !== "number") throw badBody();
      return v;
    },
  };
}

export function formFields(form: Form): FieldReader {
  const text = (n: string): string | undefined => {
    const p = form.get(n.toLowerCase());
    if (!p) return undefined;
    if (p.data.length > MAX_FIELD_BYTES) throw badBody();
    return p.data.toString("utf8");
  };
  return {
    str: text,
    bool: (n) => {
      const v = text(n)?.trim().toLowerCase();
      if (v === undefined) return undefined;
      if (v !== "true" && v !== "false") throw badBody();
      return v === "true";
    },
    num: (n) => {
      const v = text(n)?.trim();
      if (v === undefined) return undefined;
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v) : Number.NaN;
    },
  };
}

/** An IP address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`). */
export function isIpOrCidr(v: string): boolean {
  if (v.length > 64) return false;
  const [net, bits, extra] = v.split("/");
  const family = isIP(net ?? "");
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/**
 * The checks of a create, in the order Lazurite applies them [U]: the mode, the token lifetime,
 * the correlation ids, then the rest. `form` is true for the multipart (verify) create, whose
 * form has no user correlation or expected-IP fields in either version [S].
 */
export function readCreateRequest(r: FieldReader, v: FaceLivenessVersion, opts: { verify: boolean; form: boolean }): CreateRequest {
  const mode = r.str("livenessOperationMode");
  if (mode === undefined) throw badBody();
  const canonical = LIVENESS_OPERATION_MODES.find((m) => m.toLowerCase() === mode.trim().toLowerCase());
  if (!canonical) throw faceErrors.invalidLivenessOperationMode();

  const ttl = r.num("authTokenTimeToLiveInSeconds");
  if (ttl !== undefined && Number.isNaN(ttl)) throw badBody();
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= TOKEN_TTL.min && ttl <= TOKEN_TTL.max))
    throw faceErrors.invalidTokenLifetime();

  const deviceSetInClient = r.bool("deviceCorrelationIdSetInClient") ?? false;
  const deviceId = r.str("deviceCorrelationId");
  // Set in client: the creator must leave it out ("must be null") [S]; otherwise it must be given [S, D].
  if (deviceSetInClient ? deviceId !== undefined : !validCorrelationId(deviceId))
    throw faceErrors.fromLiveness(livenessErrors.invalidDeviceCorrelationId());

  let userSetInClient = false;
  let userId: string | undefined;
  if (v.userCorrelation) {
    userSetInClient = r.bool("userCorrelationIdSetInClient") ?? false;
    userId = r.str("userCorrelationId");
    const required = v.requireUserCorrelationId && !opts.form;
    if (userSetInClient ? userId !== undefined : userId !== undefined ? !validCorrelationId(userId) : required) {
      throw faceErrors.fromLiveness(livenessErrors.invalidUserCorrelationId());
    }
  }

  const enableSessionImage = r.bool("enableSessionImage") ?? false;
  const model = r.str("livenessModelVersion");
  if (model !== undefined && !v.modelVersions.includes(model)) throw badBody();

  let attemptsAllowed = v.attempts.default;
  if (v.attempts.configurable) {
    const n = r.num("numberOfClientAttemptsAllowed");
    if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= v.attempts.max)) throw badBody();
    attemptsAllowed = n ?? v.attempts.default;
  }

  let expectedClientIpAddress: string | undefined;
  if (v.userCorrelation && !opts.form) {
    expectedClientIpAddress = r.str("expectedClientIpAddress");
    if (expectedClientIpAddress !== undefined && !isIpOrCidr(expectedClientIpAddress)) throw badBody();
  }

  let returnVerifyImageHash = false;
  let verifyConfidenceThreshold: number | undefined;
  if (opts.verify) {
    returnVerifyImageHash = r.bool("returnVerifyImageHash") ?? false;
    verifyConfidenceThreshold = r.num("verifyConfidenceThreshold");
    if (verifyConfidenceThreshold !== undefined && !(verifyConfidenceThreshold >= 0 && verifyConfidenceThreshold <= 1)) throw badBody();
  }

  return {
    livenessOperationMode: canonical,
    modelVersion: model ?? v.modelVersions[0]!,
    authTokenTimeToLiveInSeconds: ttl ?? TOKEN_TTL.default,
    deviceCorrelationIdSetInClient: deviceSetInClient,
    deviceCorrelationId: deviceId,
    userCorrelationIdSetInClient: userSetInClient,
    userCorrelationId: userId,
    enableSessionImage,
    attemptsAllowed,
    expectedClientIpAddress,
    returnVerifyImageHash,
    verifyConfidenceThreshold,
  };
}
