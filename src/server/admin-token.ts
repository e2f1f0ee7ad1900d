import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ADMIN_TOKEN_FILE } from "../config/location-files.js";
import { secretMatches } from "../core/constant-time.js";
import { sha256Hex } from "../resources/secrets.js";
import { keyOf } from "../store/collections.js";
import type { Store } from "../store/store.js";

/** A secret kept in the store so every instance on a shared store agrees; the first writer wins. */
export async function storedSecret(store: Store, name: string, make: () => string): Promise<string> {
  const existing = (await store.settings.get(keyOf.setting(name)))?.value;
  if (existing) return existing;
  await store.settings.insert({ name, value: make() });
  return (await store.settings.get(keyOf.setting(name)))!.value;
}

const DIGEST_SETTING = "adminTokenSha256";
/** Where versions before 0.2 kept the token itself; moved to a digest on first start. */
const LEGACY_SETTING = "adminToken";

export interface AdminToken {
  /** SHA-256 (hex) of the token: all the server needs to check it. */
  sha256: string;
  /**
   * The token, when this instance knows it: it was given, generated here, or read from the
   * location's admin-token file. An instance that joins a shared database after another made the
   * token knows only its digest.
   */
  token?: string | undefined;
}

/**
 * The admin API's bearer token. Only its SHA-256 is stored (so every instance on a shared store
 * checks the same token, and a copy of the database does not hand out admin access); the token
 * itself is given (`LAZURITE_ADMIN_TOKEN`, which replaces the stored one), or generated once and
 * written to `{location}/admin-token` (0600) for the CLI.
 */
export async function resolveAdminToken(store: Store, location: string | undefined, explicit: string | undefined): Promise<AdminToken> {
  const file = location ? join(location, ADMIN_TOKEN_FILE) : undefined;
  const stored = async () => (await store.settings.get(keyOf.setting(DIGEST_SETTING)))?.value;

  let token = explicit;
  const legacy = (await store.settings.get(keyOf.setting(LEGACY_SETTING)))?.value;
  if (legacy !== undefined) {
    token ??= legacy;
    await store.transaction(async (tx) => {
      await tx.settings.upsert({ name: DIGEST_SETTING, value: sha256Hex(token!) });
      await tx.settings.delete(keyOf.setting(LEGACY_SETTING));
    });
  } else if (token !== undefined) {
    await store.settings.upsert({ name: DIGEST_SETTING, value: sha256Hex(token) });
  } else {
    const existing = await stored();
    if (existing === undefined) {
      const made = `lzadm_${randomBytes(32).toString("base64url")}`;
      await store.settings.insert({ name: DIGEST_SETTING, value: sha256Hex(made) });
      token = made;
    } else if (file && existsSync(file)) {
      const fromFile = (await readFile(file, "utf8")).trim();
      if (secretMatches(fromFile, existing)) token = fromFile;
    }
  }
  const sha256 = (await stored())!;
  // Lost a race to create it: another instance's token is the one.
  if (token !== undefined && !secretMatches(token, sha256)) token = undefined;
  if (file && token !== undefined) {
    await writeFile(file, token + "\n", { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return { sha256, token };
}
