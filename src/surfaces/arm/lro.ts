import { createHmac, randomBytes } from "node:crypto";
import { safeEqual } from "../../core/constant-time.js";
import type { Store } from "../../store/store.js";

/**
 * Stateless polling for ARM's long-running operations (docs/resource-manager.md#long-running-operations).
 * Lazurite finishes every write before it answers, so a polling URL only has to prove that this
 * server issued it and carry what its answer shows (a start time). The URL's token is a MAC over
 * those parts with a key kept in the store's settings: any instance of a cluster, before or after
 * a restart, can check it, and nothing is stored per operation.
 */

const KEY_SETTING = "arm-operation-key";
const keys = new WeakMap<Store, Promise<Buffer>>();

/** The server's MAC key for polling URLs: created once, on first use, and shared through the store. */
export function operationKey(store: Store): Promise<Buffer> {
  let k = keys.get(store);
  if (!k) {
    // In a transaction, which reads the database rather than the read cache: two instances may
    // race here, the first insert wins and both read its key.
    k = store.transaction(async (tx) => {
      if (!(await tx.settings.get(KEY_SETTING))) await tx.settings.insert({ name: KEY_SETTING, value: randomBytes(32).toString("hex") });
      const stored = await tx.settings.get(KEY_SETTING);
      if (!stored) throw new Error("the ARM operation key could not be stored");
      return Buffer.from(stored.value, "hex");
    });
    k.catch(() => keys.delete(store));
    keys.set(store, k);
  }
  return k;
}

function mac(key: Buffer, parts: readonly string[], hexChars: number): string {
  return createHmac("sha256", key)
    .update(parts.map((p) => p.toLowerCase()).join("\n"))
    .digest("hex")
    .slice(0, hexChars);
}

/**
 * An operation id in GUID layout: 12 hex digits of the start time (ms) and 20 of MAC over the
 * time and `parts` (what the URL names besides the id, e.g. subscription and location).
 */
export async function mintOperationId(store: Store, at: Date, parts: readonly string[]): Promise<string> {
  const t = at.getTime().toString(16).padStart(12, "0");
  const hex = t + mac(await operationKey(store), [t, ...parts], 20);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The start time an operation id carries, when this server issued it for `parts`; otherwise undefined. */
export async function checkOperationId(store: Store, id: string, parts: readonly string[]): Promise<Date | undefined> {
  const hex = id.replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  const t = hex.slice(0, 12);
  if (!safeEqual(hex.slice(12), mac(await operationKey(store), [t, ...parts], 20))) return undefined;
  return new Date(parseInt(t, 16));
}

/** A MAC (base64url) over `parts`, for tokens that carry their own readable content. */
export async function signParts(store: Store, parts: readonly string[]): Promise<string> {
  return Buffer.from(mac(await operationKey(store), parts, 32), "hex").toString("base64url");
}

export async function partsSigned(store: Store, parts: readonly string[], signature: string): Promise<boolean> {
  return safeEqual(signature, await signParts(store, parts));
}
