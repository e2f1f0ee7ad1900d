import { createHash, randomUUID } from "node:crypto";

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === "string" && GUID_RE.test(value);
}

export function newGuid(): string {
  return randomUUID();
}

/**
 * A GUID derived from a name, so that entities declared without an id in a config file get the
 * same id on every apply (idempotent upsert). Layout follows RFC 4122 name-based (v5) GUIDs.
 */
export function guidFromName(namespace: string, name: string): string {
  const h = createHash("sha1").update(namespace).update("\0").update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** ARM compares names case-insensitively; keys in the store use this canonical form. */
export function canon(name: string): string {
  return name.toLowerCase();
}
