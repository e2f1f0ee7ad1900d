import type { FastifyRequest } from "fastify";
import { redactUrl, SECRET_FIELDS, SECRET_HEADERS } from "../logging/redact.js";
import type { RequestEntry } from "./request-log.js";

/**
 * What the inspector keeps of a request, with every credential replaced: the secret headers
 * (logging/redact.ts; `Authorization` keeps its scheme), credential query parameters, and the
 * secret fields of a form body. Everything is cut to bounded lengths, so one entry is at most a
 * few tens of kilobytes whatever the request carried.
 */
const REDACTED = "[REDACTED]";
const SECRET_HEADER_SET = new Set(SECRET_HEADERS);
const MAX_HEADERS = 64;
const MAX_VALUE = 512;
const MAX_PATH = 2048;
const MAX_BODY = 4096;
const MAX_FIELDS = 32;
/** A guess at the fixed part of an entry (numbers, field names, object overhead). */
const ENTRY_OVERHEAD = 256;

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

export function redactHeader(name: string, value: string): string {
  if (!SECRET_HEADER_SET.has(name)) return value;
  if (name === "authorization") {
    const scheme = /^\s*([A-Za-z-]{1,20})\s+\S/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

function formFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of new URLSearchParams(text)) {
    if (n++ >= MAX_FIELDS) break;
    out[cut(k, 64)] = SECRET_FIELDS.has(k.toLowerCase()) ? REDACTED : cut(v, MAX_VALUE);
  }
  return out;
}

/** The entry for an answered request, and its estimated size in bytes. */
export function entryOf(req: FastifyRequest, status: number, ms: number, at: number): { entry: Omit<RequestEntry, "seq">; size: number } {
  let size = ENTRY_OVERHEAD;
  const headers: Record<string, string> = {};
  let n = 0;
  for (const name in req.headers) {
    if (n++ >= MAX_HEADERS) break;
    const raw = req.headers[name];
    const value = cut(redactHeader(name, Array.isArray(raw) ? raw.join(", ") : String(raw)), MAX_VALUE);
    headers[name] = value;
    size += name.length + value.length;
  }
  const path = cut(redactUrl(req.url), MAX_PATH);
  size += path.length;

  let form: Record<string, string> | undefined;
  let body: string | undefined;
  // Only bodies a surface kept as text: forms (redacted field by field) and JSON; never admin documents.
  if (typeof req.body === "string" && req.body !== "") {
    const type = String(req.headers["content-type"] ?? "").toLowerCase();
    if (type.startsWith("application/x-www-form-urlencoded")) {
      form = formFields(req.body);
      for (const k in form) size += k.length + form[k]!.length;
    } else if (type.startsWith("application/json")) {
      body = cut(req.body, MAX_BODY);
      size += body.length;
    }
  }
  const c = req.caller;
  if (c) size += c.id.length + (c.name?.length ?? 0) + 64;
  return {
    entry: {
      at,
      method: req.method,
      path,
      surface: req.surface.name,
      operation: req.operation,
      status,
      ms: Math.round(ms * 1000) / 1000,
      principal: c,
      headers,
      form,
      body,
    },
    size,
  };
}
