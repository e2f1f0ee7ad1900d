import type { FastifyReply, FastifyRequest } from "fastify";
import { injectedLazuriteError, lazuriteProtocolErrors } from "../../core/lazurite-error.js";
import type { Surface } from "../../core/surface.js";
import { DEFAULT_UI_DIR, loadBundle, type Asset } from "./bundle.js";
import { uiErrors } from "./errors.js";
import { securityHeaders } from "./headers.js";

export const UI_PREFIX = "/_lazurite/ui";

function serve(req: FastifyRequest, reply: FastifyReply, a: Asset, cache: string) {
  reply.header("content-type", a.type).header("cache-control", cache).header("etag", a.etag);
  if (req.headers["if-none-match"] === a.etag) return reply.code(304).send();
  return reply.send(a.body);
}

/**
 * The dashboard (docs/dashboard.md): a static single-page app built into dist/ui, served with
 * strict headers. The shell holds no data and needs no token; every piece of data the page shows
 * comes from the documented admin API, which asks for the admin token on each call. A surface of
 * its own because its answers are HTML and scripts under their own headers, not JSON in the
 * internal surface's envelope; it sits before the internal surface, which takes the rest of /_lazurite/.
 */
export const uiSurface: Surface = {
  name: "ui",
  owns: ({ path }) => path === UI_PREFIX || path.startsWith(`${UI_PREFIX}/`),
  decorate: (req, reply) => {
    reply.header("x-ms-request-id", req.id);
    securityHeaders(reply);
  },
  errors: {
    notFound: (req) => uiErrors.notFound(req.method, req.url.split("?")[0]!),
    badBody: (m) => uiErrors.badRequest(m),
    tooLarge: () => uiErrors.payloadTooLarge(),
    protocol: (status, message) => lazuriteProtocolErrors.protocol(status, message),
    unavailable: (retryAfter) => lazuriteProtocolErrors.unavailable(retryAfter),
    internal: () => uiErrors.internal(),
    injected: (f) => injectedLazuriteError(f),
  },
  async register(app, ctx) {
    const bundle = await loadBundle(ctx.settings.uiDir ?? DEFAULT_UI_DIR);

    app.get(UI_PREFIX, async (_req, reply) => reply.redirect(`${UI_PREFIX}/`, 308));

    // Hashed names: a file never changes under its name.
    app.get(`${UI_PREFIX}/assets/:file`, async (req, reply) => {
      if (!bundle) throw uiErrors.notBuilt();
      const a = bundle.assets.get((req.params as { file: string }).file);
      if (!a) throw uiErrors.notFound(req.method, req.url.split("?")[0]!);
      return serve(req, reply, a, "public, max-age=31536000, immutable");
    });

    // Every page of the app is the same shell; the page's script routes on the path.
    app.get(`${UI_PREFIX}/*`, async (req, reply) => {
      if (!bundle) throw uiErrors.notBuilt();
      return serve(req, reply, bundle.index, "no-cache");
    });
  },
};
