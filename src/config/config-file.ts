import { readFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import { canon } from "../model/ids.js";
import { keyOf } from "../store/collections.js";
import type { Collections } from "../store/store.js";
import { configDocument, problemsOf, type ConfigDocument } from "../resources/declarations.js";
import { ResourceError, ResourceService } from "../resources/resource-service.js";

/** A config file Lazurite refuses, with every problem on its own line. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid config ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** yaml (about 30 ms of module loading) is loaded on the first YAML text, synchronously (parseConfigText is sync). */
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= createRequire(import.meta.url)("yaml") as typeof Yaml);

/** Parses JSON or YAML text (by extension; unknown extensions try JSON, then YAML). */
export function parseConfigText(text: string, source: string): unknown {
  const ext = extname(source).toLowerCase();
  if (ext === ".json") {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ConfigError(source, [`(file): not valid JSON: ${(e as Error).message}`]);
    }
  }
  try {
    return yaml().parse(text, { prettyErrors: true });
  } catch (e) {
    const where = e instanceof yaml().YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
    throw new ConfigError(source, [
      `(file): not valid ${ext === ".yaml" || ext === ".yml" ? "YAML" : "JSON or YAML"}${where}: ${(e as Error).message.split("\n")[0]}`,
    ]);
  }
}

/** Where certificate paths in a document may point: files beside it, or nowhere (inline PEM only). */
export type CertificateFiles = { baseDir: string } | "forbidden";

/**
 * Certificates may be given as paths relative to the config file's own folder; they are inlined
 * as PEM. A document from the network (the admin API) may not name files at all, so that the
 * admin API cannot be used to read files on the server.
 */
async function inlineCertificateFiles(raw: unknown, files: CertificateFiles, problems: string[]): Promise<void> {
  const tenants = (raw as { tenants?: unknown })?.tenants;
  if (!Array.isArray(tenants)) return;
  for (const [ti, t] of tenants.entries()) {
    const apps = (t as { applications?: unknown })?.applications;
    if (!Array.isArray(apps)) continue;
    for (const [ai, a] of apps.entries()) {
      const certs = (a as { certificates?: unknown })?.certificates;
      if (!Array.isArray(certs)) continue;
      for (const [ci, c] of certs.entries()) {
        if (typeof c !== "string" || c.includes("-----BEGIN")) continue;
        const where = `tenants[${ti}].applications[${ai}].certificates[${ci}]`;
        if (files === "forbidden") {
          problems.push(`${where}: must be inline PEM here (a document sent to the admin API cannot name files on the server)`);
          continue;
        }
        try {
          certs[ci] = await readFile(resolve(files.baseDir, c), "utf8");
        } catch (e) {
          problems.push(`${where}: cannot read '${c}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      }
    }
  }
}

/**
 * Reads a config file and inlines the certificate files it names (relative to its own folder),
 * without checking the schema: what `lazurite apply` sends to a server.
 */
export async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ConfigError(path, [`(file): cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  const raw = parseConfigText(text, path);
  const problems: string[] = [];
  await inlineCertificateFiles(raw, { baseDir: dirname(resolve(path)) }, problems);
  if (problems.length > 0) throw new ConfigError(path, problems);
  return raw;
}

/** Reads and schema-checks a config file. Cross-references are checked by validateReferences. */
export async function loadConfigFile(path: string): Promise<ConfigDocument> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ConfigError(path, [`(file): cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  return validateConfigDocument(parseConfigText(text, path), path, { baseDir: dirname(resolve(path)) });
}

export async function validateConfigDocument(raw: unknown, source: string, files: CertificateFiles = "forbidden"): Promise<ConfigDocument> {
  const problems: string[] = [];
  if (raw === null || raw === undefined) raw = {};
  await inlineCertificateFiles(raw, files, problems);
  const parsed = configDocument.safeParse(raw);
  if (!parsed.success) problems.push(...problemsOf(parsed.error));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(source, problems);
  return parsed.data;
}

function duplicates<T>(items: readonly T[], key: (t: T) => string, path: (i: number) => string, what: string, out: string[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) out.push(`${path(i)}: duplicate ${what} (also at ${path(first)})`);
    else seen.set(k, i);
  });
}

/**
 * Checks that what the document refers to exists in the document or in the store, and that it
 * declares nothing twice. Returns every problem found.
 */
export async function validateReferences(doc: ConfigDocument, store: Collections): Promise<string[]> {
  const p: string[] = [];
  const tenants = doc.tenants ?? [];
  const subs = doc.subscriptions ?? [];
  duplicates(
    tenants,
    (t) => canon(t.id),
    (i) => `tenants[${i}].id`,
    "tenant id",
    p,
  );
  tenants.forEach((t, ti) => {
    duplicates(
      t.applications ?? [],
      (a) => canon(a.clientId),
      (i) => `tenants[${ti}].applications[${i}].clientId`,
      "clientId",
      p,
    );
    duplicates(
      t.users ?? [],
      (u) => canon(u.userPrincipalName),
      (i) => `tenants[${ti}].users[${i}].userPrincipalName`,
      "userPrincipalName",
      p,
    );
  });
  duplicates(
    subs,
    (s) => canon(s.id),
    (i) => `subscriptions[${i}].id`,
    "subscription id",
    p,
  );
  subs.forEach((s, si) =>
    duplicates(
      s.resourceGroups ?? [],
      (g) => canon(g.name),
      (i) => `subscriptions[${si}].resourceGroups[${i}].name`,
      "resource group",
      p,
    ),
  );
  const vi = doc.videoIndexerAccounts ?? [];
  const face = doc.faceResources ?? [];
  duplicates(
    vi,
    (a) => keyOf.resource(a.subscriptionId, a.resourceGroup, a.name),
    (i) => `videoIndexerAccounts[${i}].name`,
    "account",
    p,
  );
  duplicates(
    vi.filter((a) => a.accountId),
    (a) => canon(a.accountId!),
    (i) => `videoIndexerAccounts[${i}].accountId`,
    "accountId",
    p,
  );
  duplicates(
    face,
    (f) => canon(f.name),
    (i) => `faceResources[${i}].name`,
    "Face resource name",
    p,
  );

  const tenantIds = new Set(tenants.map((t) => canon(t.id)));
  for (const [i, s] of subs.entries()) {
    if (!tenantIds.has(canon(s.tenantId)) && !(await store.tenants.get(keyOf.tenant(s.tenantId)))) {
      p.push(`subscriptions[${i}].tenantId: tenant '${s.tenantId}' is not declared in this file and does not exist`);
    }
  }
  const subIds = new Set(subs.map((s) => canon(s.id)));
  const groups = new Set(subs.flatMap((s) => (s.resourceGroups ?? []).map((g) => keyOf.resourceGroup(s.id, g.name))));
  const checkParent = async (list: { subscriptionId: string; resourceGroup: string }[], name: string) => {
    for (const [i, r] of list.entries()) {
      const subKnown = subIds.has(canon(r.subscriptionId)) || (await store.subscriptions.get(keyOf.subscription(r.subscriptionId)));
      if (!subKnown) {
        p.push(`${name}[${i}].subscriptionId: subscription '${r.subscriptionId}' is not declared in this file and does not exist`);
        continue;
      }
      const rgKey = keyOf.resourceGroup(r.subscriptionId, r.resourceGroup);
      if (!groups.has(rgKey) && !(await store.resourceGroups.get(rgKey))) {
        p.push(
          `${name}[${i}].resourceGroup: resource group '${r.resourceGroup}' is not declared in subscription '${r.subscriptionId}' and does not exist`,
        );
      }
    }
  };
  await checkParent(vi, "videoIndexerAccounts");
  await checkParent(face, "faceResources");
  return p;
}

/**
 * Validates references, then upserts everything in one transaction: either the whole file
 * applies or nothing does. Never deletes anything.
 */
export async function applyConfig(
  doc: ConfigDocument,
  store: { transaction<T>(fn: (tx: Collections) => Promise<T>): Promise<T> },
  source: string,
  now?: () => Date,
): Promise<void> {
  await store.transaction(async (tx) => {
    const problems = await validateReferences(doc, tx);
    if (problems.length > 0) throw new ConfigError(source, problems);
    const svc = new ResourceService(tx, now);
    const at = async (path: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        if (e instanceof ResourceError) throw new ConfigError(source, [`${path}: ${e.message}`]);
        throw e;
      }
    };
    for (const [i, t] of (doc.tenants ?? []).entries()) await at(`tenants[${i}]`, () => svc.directory.putTenant(t));
    for (const [i, s] of (doc.subscriptions ?? []).entries()) await at(`subscriptions[${i}]`, () => svc.putSubscription(s));
    for (const [i, a] of (doc.videoIndexerAccounts ?? []).entries())
      await at(`videoIndexerAccounts[${i}]`, () => svc.putVideoIndexerAccount(a));
    for (const [i, f] of (doc.faceResources ?? []).entries()) await at(`faceResources[${i}]`, () => svc.putFaceResource(f));
    for (const [i, r] of (doc.roleAssignments ?? []).entries()) await at(`roleAssignments[${i}]`, () => svc.putRoleAssignment(r));
  });
}
