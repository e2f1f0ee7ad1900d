import { AZURE_HOSTNAMES } from "../../core/azure.js";
import type { Surface } from "../../core/surface.js";
import { faceErrors } from "./errors.js";
import { registerFaceRoutes } from "./routes.js";

/**
 * Face data plane, under `/face/{apiVersion}/…` (bare origin and product style) or
 * `/{resource}/face/{apiVersion}/…` (path style): getClientAssetsAccessToken and the liveness
 * sessions (docs/face-liveness.md), plus the liveness device stand-in under `/_lazurite/face/`,
 * which answers in Face's envelope. Unknown paths, versions and methods answer Face's 404 body.
 */
export const faceSurface: Surface = {
  name: "face",
  ownsHost: (host) => host.endsWith(AZURE_HOSTNAMES.faceSuffix),
  owns: ({ path }) => {
    const seg = path.split("/", 4);
    return seg[1] === "face" || seg[2] === "face";
  },
  decorate(req, reply) {
    reply.header("apim-request-id", req.id);
    if (req.headers["x-ms-client-request-id"]) reply.header("x-ms-client-request-id", req.headers["x-ms-client-request-id"]);
  },
  errors: {
    notFound: () => faceErrors.notFound(),
    badBody: () => faceErrors.badArgument("JSON parsing error."),
    tooLarge: () => faceErrors.badArgument("Request body is invalid."),
    protocol: (status, message) => faceErrors.protocol(status, message),
    unavailable: (retryAfter) => faceErrors.unavailable(retryAfter),
    internal: () => faceErrors.internal(),
    injected: (f) => faceErrors.injected(f),
  },
  register: async (app, ctx) => registerFaceRoutes(app, ctx),
};
