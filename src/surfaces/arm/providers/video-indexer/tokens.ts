import { ISSUERS } from "../../../../keys/key-service.js";
import type { ArmOperation } from "../../chain/operation.js";
import type { ViFamily } from "./api-versions.js";
import { viTokenClaims } from "./claims.js";
import { ACCOUNT, accountNameRule, accountScope, action, existingAccount, viApiVersions, viOperation } from "./common.js";
import { validateTokenRequest, type TokenKind } from "./token-request.js";
import { accessTokenView } from "./views.js";

/** The four token operations (docs/video-indexer.md#tokens): one shape, four bodies and actions. */
const TOKEN_OPERATIONS: readonly { op: string; id: string; kind: TokenKind; family: ViFamily; type: string }[] = [
  { op: "generateAccessToken", id: "Generate_AccessToken", kind: "standard", family: "accounts", type: "GenerateAccessTokenParameters" },
  {
    op: "generateRestrictedViewerAccessToken",
    id: "Generate_RestrictedViewerAccessToken",
    kind: "restrictedViewer",
    family: "accounts/generateRestrictedViewerAccessToken",
    type: "GenerateRestrictedViewerAccessTokenParameters",
  },
  {
    op: "generateExtensionAccessToken",
    id: "Generate_ExtensionAccessToken",
    kind: "extension",
    family: "accounts/generateExtensionAccessToken",
    type: "GenerateExtensionAccessTokenParameters",
  },
  {
    op: "generateExtensionRestrictedViewerAccessToken",
    id: "Generate_ExtensionRestrictedViewerAccessToken",
    kind: "extensionRestrictedViewer",
    family: "accounts/generateExtensionRestrictedViewerAccessToken",
    type: "GenerateExtensionRestrictedViewerAccessTokenParameters",
  },
];

export const viTokenOperations: readonly ArmOperation[] = TOKEN_OPERATIONS.map((t) =>
  viOperation({
    id: t.id,
    method: "POST",
    path: `${ACCOUNT}/${t.op}`,
    apiVersions: viApiVersions(t.family),
    authorize: { action: action(`${t.op}/action`), scope: accountScope },
    resourceGroup: true,
    nameRule: accountNameRule,
    resource: existingAccount,
    body: { typeName: t.type, validate: (raw, call) => validateTokenRequest(t.kind, raw, call.profile) },
    // The permission a token grants needs the matching right on the account (Lazurite's rule, docs/video-indexer.md).
    bodyPermission(call) {
      const permission = call.body.permission;
      if (permission === "Contributor") return { action: action("write"), scope: accountScope(call), purpose: "a Contributor token" };
      if (permission === "Reader") return { action: action("read"), scope: accountScope(call), purpose: "a Reader token" };
      return undefined;
    },
    async handle(call) {
      const { ctx } = call;
      const claims = viTokenClaims(call.resource!, call.body, call.principal, ctx.now());
      return accessTokenView(await ctx.keys.sign(ISSUERS.videoIndexer, ctx.settings.tokenAlg, claims, "JWT", t.kind));
    },
  }),
);
