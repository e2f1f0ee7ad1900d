import { Option, type Command } from "commander";
import type { AdminClient } from "./admin-client.js";
import { clientOptions, type CliIo } from "./program.js";

type Opts = Record<string, string | string[] | undefined>;

/** A field that `create` and `update` take as a flag. */
interface Field {
  flag: string;
  field: string;
  description: string;
  /** Repeatable flag collected into an array. */
  many?: boolean;
  /** Parse `key=value` pairs into an object. */
  map?: boolean;
}

/** One entity on the command line, mapped onto its admin API paths. */
interface EntitySpec {
  name: string;
  description: string;
  /** Parent options (e.g. --tenant) that every subcommand needs, with the path they build. */
  parents: { flag: string; key: string; description: string }[];
  collection: (p: Opts) => string;
  itemArg: string;
  /** The declaration field that names the item (filled from the positional argument on update). */
  idField: string;
  fields: Field[];
}

const enc = encodeURIComponent;
const TENANT = { flag: "--tenant <id>", key: "tenant", description: "tenant id" };
const SUB = { flag: "--subscription <id>", key: "subscription", description: "subscription id" };
const GROUP = { flag: "--group <name>", key: "group", description: "resource group name" };
const tags: Field = { flag: "--tag <key=value>", field: "tags", description: "tag (repeatable)", many: true, map: true };

const ENTITIES: EntitySpec[] = [
  {
    name: "tenant",
    description: "Entra ID tenants",
    parents: [],
    collection: () => "/tenants",
    itemArg: "<tenantId>",
    idField: "id",
    fields: [
      { flag: "--id <guid>", field: "id", description: "tenant id" },
      { flag: "--display-name <name>", field: "displayName", description: "display name" },
      { flag: "--domain <domain>", field: "domain", description: "default domain" },
    ],
  },
  {
    name: "app",
    description: "applications (service principals) in a tenant",
    parents: [TENANT],
    collection: (p) => `/tenants/${enc(p.tenant as string)}/applications`,
    itemArg: "<clientId>",
    idField: "clientId",
    fields: [
      { flag: "--client-id <guid>", field: "clientId", description: "client (application) id" },
      { flag: "--object-id <guid>", field: "objectId", description: "service principal object id" },
      { flag: "--display-name <name>", field: "displayName", description: "display name" },
      { flag: "--secret <value>", field: "clientSecrets", description: "client secret (repeatable)", many: true },
      { flag: "--certificate <pem>", field: "certificates", description: "PEM certificate or public key (repeatable)", many: true },
    ],
  },
  {
    name: "user",
    description: "users in a tenant",
    parents: [TENANT],
    collection: (p) => `/tenants/${enc(p.tenant as string)}/users`,
    itemArg: "<objectId>",
    idField: "objectId",
    fields: [
      { flag: "--upn <name@domain>", field: "userPrincipalName", description: "user principal name" },
      { flag: "--object-id <guid>", field: "objectId", description: "object id" },
      { flag: "--display-name <name>", field: "displayName", description: "display name" },
      { flag: "--password <password>", field: "password", description: "password" },
    ],
  },
  {
    name: "subscription",
    description: "subscriptions",
    parents: [],
    collection: () => "/subscriptions",
    itemArg: "<subscriptionId>",
    idField: "id",
    fields: [
      { flag: "--id <guid>", field: "id", description: "subscription id" },
      { flag: "--tenant <id>", field: "tenantId", description: "home tenant id" },
      { flag: "--display-name <name>", field: "displayName", description: "display name" },
    ],
  },
  {
    name: "group",
    description: "resource groups in a subscription",
    parents: [SUB],
    collection: (p) => `/subscriptions/${enc(p.subscription as string)}/resourceGroups`,
    itemArg: "<name>",
    idField: "name",
    fields: [
      { flag: "--name <name>", field: "name", description: "resource group name" },
      { flag: "--location <location>", field: "location", description: "Azure location, e.g. westus2" },
      tags,
    ],
  },
  {
    name: "vi-account",
    description: "Video Indexer accounts",
    parents: [SUB, GROUP],
    collection: (p) => `/subscriptions/${enc(p.subscription as string)}/resourceGroups/${enc(p.group as string)}/videoIndexerAccounts`,
    itemArg: "<name>",
    idField: "name",
    fields: [
      { flag: "--name <name>", field: "name", description: "account name" },
      { flag: "--location <location>", field: "location", description: "Azure location" },
      { flag: "--account-id <guid>", field: "accountId", description: "data-plane account id" },
      tags,
    ],
  },
  {
    name: "face",
    description: "Face resources",
    parents: [SUB, GROUP],
    collection: (p) => `/subscriptions/${enc(p.subscription as string)}/resourceGroups/${enc(p.group as string)}/faceResources`,
    itemArg: "<name>",
    idField: "name",
    fields: [
      { flag: "--name <name>", field: "name", description: "resource name (also its custom subdomain)" },
      { flag: "--location <location>", field: "location", description: "Azure location" },
      { flag: "--key <key>", field: "keys", description: "key1 then key2 (give both, or neither to generate)", many: true },
      tags,
    ],
  },
  {
    name: "role",
    description: "role assignments",
    parents: [],
    collection: () => "/roleAssignments",
    itemArg: "<assignmentId>",
    idField: "id",
    fields: [
      { flag: "--principal <objectId>", field: "principalId", description: "object id of the application or user" },
      { flag: "--role <name|id>", field: "role", description: "built-in role name or id, e.g. Owner" },
      { flag: "--scope <armId>", field: "scope", description: "ARM scope, e.g. /subscriptions/{id}" },
      { flag: "--id <guid>", field: "id", description: "assignment id (default: derived)" },
    ],
  },
];

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function body(spec: EntitySpec, o: Opts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const name = new Option(f.flag).attributeName();
    const v = o[name];
    if (v === undefined) continue;
    out[f.field] = f.map ? Object.fromEntries((v as string[]).map((kv) => [kv.split("=")[0], kv.slice(kv.indexOf("=") + 1)])) : v;
  }
  return out;
}

export function registerResourceCommands(program: Command, io: Pick<CliIo, "out" | "err">, client: (o: Opts) => AdminClient): void {
  const print = (v: unknown) => io.out(JSON.stringify(v, null, 2));
  for (const spec of ENTITIES) {
    const group = program.command(spec.name).description(`manage ${spec.description} on a running server`);
    const sub = (name: string, description: string) => {
      const c = clientOptions(group.command(name).description(description));
      for (const p of spec.parents) c.requiredOption(p.flag, p.description);
      return c;
    };
    sub("list", `list ${spec.description}`).action(async (o: Opts) => print(await client(o).call("GET", spec.collection(o))));
    sub("show", "show one")
      .argument(spec.itemArg)
      .action(async (id: string, o: Opts) => print(await client(o).call("GET", `${spec.collection(o)}/${enc(id)}`)));
    const create = sub("create", "create one (fails if it exists)");
    const update = sub("update", "create or update one (fields not given are kept)").argument(spec.itemArg);
    for (const f of spec.fields) {
      for (const c of [create, update]) {
        if (f.many) c.option(f.flag, f.description, collect);
        else c.option(f.flag, f.description);
      }
    }
    create.action(async (o: Opts) => print(await client(o).call("POST", spec.collection(o), body(spec, o))));
    update.action(async (id: string, o: Opts) => print(await client(o).call("PUT", `${spec.collection(o)}/${enc(id)}`, body(spec, o))));
    sub("delete", "delete one")
      .argument(spec.itemArg)
      .action(async (id: string, o: Opts) => {
        await client(o).call("DELETE", `${spec.collection(o)}/${enc(id)}`);
        io.out(`deleted ${spec.name} ${id}`);
      });
    if (spec.name === "app") {
      sub("add-secret", "add a generated client secret (shown once)")
        .argument("<clientId>")
        .option("--display-name <name>", "secret description")
        .action(async (id: string, o: Opts) =>
          print(
            await client(o).call("POST", `${spec.collection(o)}/${enc(id)}/secrets`, o.displayName ? { displayName: o.displayName } : {}),
          ),
        );
      sub("remove-secret", "remove a client secret by its id")
        .argument("<clientId>")
        .argument("<secretId>")
        .action(async (id: string, secretId: string, o: Opts) => {
          await client(o).call("DELETE", `${spec.collection(o)}/${enc(id)}/secrets/${enc(secretId)}`);
          io.out(`removed secret ${secretId}`);
        });
    }
    if (spec.name === "face") {
      sub("regenerate-key", "replace key1 or key2; the old key stops working at once")
        .argument("<name>")
        .requiredOption("--which <key1|key2>", "which key")
        .action(async (id: string, o: Opts) =>
          print(await client(o).call("POST", `${spec.collection(o)}/${enc(id)}/regenerateKey`, { keyName: o.which })),
        );
    }
  }
  const keys = program.command("keys").description("token signing keys");
  clientOptions(keys.command("list").description("list signing keys (public parts only)")).action(async (o: Opts) =>
    print(await client(o).call("GET", "/keys")),
  );
  clientOptions(
    keys
      .command("rotate")
      .description("make a new active key; the old one stays in the JWKS for 48 h")
      .argument("<issuer>", "videoIndexer, face or entra:{tenantId}"),
  ).action(async (issuer: string, o: Opts) => print(await client(o).call("POST", "/keys/rotate", { issuer })));
}
