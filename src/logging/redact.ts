/**
 * What never reaches a log line: credentials in headers, query strings and bodies. The access
 * log is written by the pipeline from these helpers, and pino's redaction is the second net.
 */
export const SECRET_HEADERS = ["authorization", "ocp-apim-subscription-key", "x-identity-header", "cookie", "x-ms-admin-token"];

/** Query parameters and form fields whose values are credentials (compared lower-cased). */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  "accesstoken",
  "access_token",
  "client_secret",
  "client_assertion",
  "assertion",
  "password",
  "refresh_token",
  "id_token",
  "code",
  "code_verifier",
  "subscription-key",
  "sig",
  "token",
]);
const SECRET_QUERY_KEYS = SECRET_FIELDS;

/** The URL with the values of credential-bearing query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch {
        // a malformed escape: keep the raw key for the comparison
      }
      return SECRET_QUERY_KEYS.has(name.toLowerCase()) && eq >= 0 ? `${key}=[REDACTED]` : pair;
    });
  return `${url.slice(0, q)}?${params.join("&")}`;
}

/** pino redact paths for anything that logs a request or its headers. */
export const PINO_REDACT_PATHS = [
  ...SECRET_HEADERS.map((h) => `req.headers["${h}"]`),
  ...SECRET_HEADERS.map((h) => `headers["${h}"]`),
  "body.client_secret",
  "body.password",
  "body.client_assertion",
  "body.refresh_token",
  "body.keys",
  "body.clientSecrets",
  "privateJwk",
  "*.privateJwk",
  "adminToken",
  "secret",
  "*.secret",
];
