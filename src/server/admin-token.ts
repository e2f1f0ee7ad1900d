import { randomBytes } from "node:crypto";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { keyOf } from "../store/collections.js";
import type { Store } from "../store/store.js";

export const ADMIN_TOKEN_FILE = "admin-token";

/** A secret kept in the store so every instance on a shared store agrees; the first writer wins. */
export async function storedSecret(store: Store, name: string, make: () => string): Promise<string> {
  const existing = (await store.settings.get(keyOf.setting(name)))?.value;
  if (existing) return existing;
  await store.settings.insert({ name, value: make() });
  return (await store.settings.get(keyOf.setting(name)))!.value;
}
const SETTING = "adminToken";

/**
 * The admin API's bearer token: given explicitly, or generated once and kept in the store (so
 * every instance on a shared store agrees) and in `{location}/admin-token` for the CLI.
 */
export async function resolveAdminToken(store: Store, location: string | undefined, explicit: string | undefined): Promise<string> {
  const token = explicit ?? (await storedSecret(store, SETTING, () => `lzadm_${randomBytes(32).toString("base64url")}`));
  if (location) {
    const file = join(location, ADMIN_TOKEN_FILE);
    await writeFile(file, token + "\n", { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return token;
}
