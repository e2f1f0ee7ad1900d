import type { AadErrorContext } from "../errors.js";
import type { Tenant } from "../../../model/entities.js";
import type { AppContext } from "../../../core/context.js";
import type { TokenForm } from "../form.js";
import type { IssuedToken } from "../../../issuance/entra-tokens.js";

/** Which token endpoint a request came to: v2 takes `scope`, v1 takes `resource`. */
export type EndpointVersion = "v1" | "v2";

/** Everything a grant handler needs about one token request. */
export interface TokenRequest {
  ctx: AppContext;
  form: TokenForm;
  version: EndpointVersion;
  /** `https://host:port` as the client reached us. */
  origin: string;
  /** The tenant path segment as the client wrote it (GUID, domain or alias). */
  tenantSegment: string;
  /** The tenant the segment names; undefined for a multi-tenant alias (`common`, `organizations`). */
  tenant: Tenant | undefined;
  /** The custom-host authority (`/adfs`): an app's tenant may be inferred from its client id. */
  customHost: boolean;
  /** This token endpoint's URL, without query. */
  endpoint: string;
  c: AadErrorContext;
}

/** What a grant produced; the endpoint shapes it into a v1 or v2 response. */
export interface GrantResult {
  access: IssuedToken;
  /** v1's `resource` field: the resource as requested. */
  resource: string;
  /** The response's `scope`, for delegated grants. */
  scope?: string | undefined;
  refreshToken?: string | undefined;
  idToken?: string | undefined;
  clientInfo?: string | undefined;
}

export type GrantHandler = (r: TokenRequest) => Promise<GrantResult>;
