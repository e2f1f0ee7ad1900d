import type { FastifyReply } from "fastify";

/**
 * The dashboard's Content-Security-Policy (docs/dashboard.md#security): everything from this
 * origin and nothing else, no inline script or style, no plugins, no framing, no DOM sinks that
 * take strings (Trusted Types with no policy). `blob:` images are the session images the page
 * fetches with a Face key and shows.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");

/** Headers on every answer of the dashboard surface, errors included. */
export function securityHeaders(reply: FastifyReply): void {
  reply.headers({
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  });
}
