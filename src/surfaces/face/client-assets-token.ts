import { randomUUID } from "node:crypto";
import { ISSUERS } from "../../keys/key-service.js";
import type { FaceResource } from "../../model/entities.js";
import type { AppContext } from "../../core/context.js";
import { FACE_CLIENT_ASSETS_AUDIENCE, faceResourceId, faceTokenIssuer } from "../../core/azure.js";

export interface ClientAssetsAccessToken {
  expiry: string;
  accessToken: string;
  base64AccessToken: string;
}

/** The audience of client-assets tokens: the Azure Artifacts feed they unlock (docs/face.md#what-the-token-is-for). */
export const CLIENT_ASSETS_AUDIENCE = FACE_CLIENT_ASSETS_AUDIENCE;

/**
 * A signed JWT bound to the Face resource. Azure's real token is undocumented (probably an opaque
 * feed credential); a JWT lets a resource server verify it against /.well-known/jwks.json.
 */
export async function issueClientAssetsToken(ctx: AppContext, f: FaceResource, subject: string): Promise<ClientAssetsAccessToken> {
  const now = ctx.now();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ctx.settings.faceTokenLifetimeSeconds;
  const accessToken = await ctx.keys.sign(
    ISSUERS.face,
    ctx.settings.tokenAlg,
    {
      iss: faceTokenIssuer(f.name),
      aud: CLIENT_ASSETS_AUDIENCE,
      sub: subject,
      iat,
      nbf: iat,
      exp,
      jti: randomUUID(),
      xms_az_rid: faceResourceId(f),
      location: f.location,
      kind: "Face",
    },
    "JWT",
    "client-assets",
  );
  return {
    expiry: new Date(exp * 1000).toISOString(),
    accessToken,
    base64AccessToken: Buffer.from(accessToken, "utf8").toString("base64"),
  };
}
