import { appServiceIdentityError, imdsIdentityError } from "./errors.js";
import type { ServiceError } from "../../core/service-error.js";
import type { IssuedToken } from "../../issuance/entra-tokens.js";

/** How a request names a user-assigned identity; none means the endpoint's default identity. */
export type IdentitySelectorKind = "clientId" | "objectId" | "resourceId";

/**
 * The two managed-identity protocols Lazurite speaks. They differ in paths, api-versions, the
 * names of the identity parameters, the error shape and the success body; the rules (secret
 * header, one identity, the token itself) are shared.
 */
export interface IdentityFlavour {
  name: string;
  /** A request-level precondition checked before anything else (IMDS's `Metadata: true`). */
  precondition(headers: Record<string, string | string[] | undefined>): ServiceError | undefined;
  supportsApiVersion(v: string): boolean;
  /** Query parameter → what it selects. */
  selectors: Readonly<Record<string, IdentitySelectorKind>>;
  errors: {
    unauthorized(): ServiceError;
    badRequest(message: string): ServiceError;
    unknownIdentity(): ServiceError;
  };
  body(token: IssuedToken, resource: string, clientId: string): Record<string, unknown>;
}

/**
 * App Service / Functions (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`, api-version 2019-08-01),
 * what msal-node and so `ManagedIdentityCredential` use when both variables are set (docs/entra.md#managed-identity-wire-format).
 */
export const appService: IdentityFlavour = {
  name: "App Service",
  precondition: () => undefined,
  supportsApiVersion: (v) => v === "2019-08-01",
  selectors: { client_id: "clientId", object_id: "objectId", principal_id: "objectId", mi_res_id: "resourceId" },
  errors: {
    // Real App Service answers 401 here; its body is not documented, so the message is Lazurite's.
    unauthorized: () => appServiceIdentityError(401, "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER."),
    badRequest: (message) => appServiceIdentityError(400, message),
    unknownIdentity: () => appServiceIdentityError(400, "Unable to load the proper Managed Identity."),
  },
  // The documented body: `expires_on` and `not_before` are epoch seconds as strings.
  body: (token, resource, clientId) => ({
    access_token: token.token,
    expires_on: String(token.claims.exp),
    resource,
    token_type: "Bearer",
    client_id: clientId,
    not_before: String(token.claims.nbf),
  }),
};

/** Azure's instance metadata service (IMDS), api-version 2018-02-01 or later. */
export const imds: IdentityFlavour = {
  name: "IMDS",
  precondition: (headers) =>
    String(headers["metadata"] ?? "").toLowerCase() === "true"
      ? undefined
      : imdsIdentityError(400, "invalid_request", "Required metadata header not specified"),
  // IMDS api-versions are dates; the identity endpoint exists from 2018-02-01 on.
  supportsApiVersion: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && v >= "2018-02-01",
  selectors: { client_id: "clientId", object_id: "objectId", principal_id: "objectId", msi_res_id: "resourceId", mi_res_id: "resourceId" },
  errors: {
    unauthorized: () =>
      imdsIdentityError(401, "unauthorized_client", "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER."),
    badRequest: (message) => imdsIdentityError(400, "invalid_request", message),
    unknownIdentity: () => imdsIdentityError(400, "invalid_request", "Identity not found"),
  },
  body: (token, resource, clientId) => {
    const lifetime = String(token.claims.exp - token.claims.nbf);
    return {
      access_token: token.token,
      client_id: clientId,
      expires_in: lifetime,
      expires_on: String(token.claims.exp),
      ext_expires_in: lifetime,
      not_before: String(token.claims.nbf),
      resource,
      token_type: "Bearer",
    };
  },
};
