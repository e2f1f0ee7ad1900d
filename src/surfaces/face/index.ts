import type { Surface } from "../../core/surface.js";
import { faceErrors } from "./errors.js";
import { registerFaceRoutes } from "./routes.js";

/**
 * Face data plane, under `/face/{apiVersion}/…` (bare origin and product style) or
 * `/{resource}/face/{apiVersion}/…` (path style). Unknown paths, versions and methods answer
 * Face's 404 body.
 */
export const faceSurface: Surface = {
  name: "face",
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
    internal: () => faceErrors.internal(),
    injected: (f) => faceErrors.injected(f),
  },
  register: async (app, ctx) => registerFaceRoutes(app, ctx),
};
