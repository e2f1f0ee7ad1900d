import { z } from "zod";
import { isGuid } from "../model/ids.js";
import { findRole } from "../rbac/builtin-roles.js";
import { FACE_RESOURCE_NAME, isResourceGroupName, SCOPE_ID, VI_ACCOUNT_NAME } from "./names.js";

/**
 * What a user declares, in the config file and in admin API bodies alike. Optional ids are
 * derived from names so that applying the same declaration twice is a no-op.
 */
/** Every string has a bound: names and display names 256 characters, secrets 1024, PEM 64 KB; tags as ARM limits them. */
const guid = z.string().max(36).refine(isGuid, "not a GUID");
const nonEmpty = z.string().min(1, "must not be empty").max(256, "at most 256 characters");
const secretValue = z.string().min(1, "must not be empty").max(1024, "at most 1024 characters");
const location = z.string().regex(/^[A-Za-z0-9 ]{1,64}$/, "not a valid Azure location");
const tags = z
  .record(z.string().max(512, "tag names have at most 512 characters"), z.string().max(256, "tag values have at most 256 characters"))
  .refine((t) => Object.keys(t).length <= 50, "at most 50 tags")
  .optional();

export const clientSecretDecl = z.union([
  secretValue,
  z.strictObject({ value: secretValue, displayName: nonEmpty.optional(), expiresAt: z.iso.datetime({ offset: true }).optional() }),
]);

export const applicationDecl = z.strictObject({
  clientId: guid,
  objectId: guid.optional(),
  displayName: nonEmpty.optional(),
  clientSecrets: z.array(clientSecretDecl).max(50).optional(),
  /** PEM certificates or SPKI public keys whose private keys sign client assertions. */
  certificates: z
    .array(
      z
        .string()
        .max(65536, "at most 64 KB")
        .refine((s) => s.includes("-----BEGIN"), "not a PEM certificate or public key"),
    )
    .max(50)
    .optional(),
});

export const userDecl = z.strictObject({
  objectId: guid.optional(),
  userPrincipalName: z
    .string()
    .max(256, "at most 256 characters")
    .regex(/^[^@\s]+@[^@\s]+$/, "not a user principal name (name@domain)"),
  displayName: nonEmpty.optional(),
  /** Required when the user is created; an update may leave it out to keep the current one. */
  password: secretValue.optional(),
});

export const tenantDecl = z.strictObject({
  id: guid,
  displayName: nonEmpty.optional(),
  domain: z
    .string()
    .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, "not a domain name")
    .optional(),
  applications: z.array(applicationDecl).optional(),
  users: z.array(userDecl.required({ password: true })).optional(),
});

export const resourceGroupDecl = z.strictObject({
  name: z.string().refine(isResourceGroupName, "not a valid resource group name"),
  location,
  tags,
});

export const subscriptionDecl = z.strictObject({
  id: guid,
  tenantId: guid,
  displayName: nonEmpty.optional(),
  resourceGroups: z.array(resourceGroupDecl).optional(),
});

const resourceRef = {
  subscriptionId: guid,
  resourceGroup: z.string().refine(isResourceGroupName, "not a valid resource group name"),
  location,
  tags,
};

export const videoIndexerAccountDecl = z.strictObject({
  ...resourceRef,
  name: z.string().regex(VI_ACCOUNT_NAME, "not a valid account name (3-50 letters, digits or hyphens)"),
  accountId: guid.optional(),
});

const faceKey = z.string().regex(/^[\x21-\x7e]{16,128}$/, "not a valid key (16-128 printable characters)");

export const faceResourceDecl = z.strictObject({
  ...resourceRef,
  name: z.string().regex(FACE_RESOURCE_NAME, "not a valid resource name (2-64 letters, digits or inner hyphens)"),
  keys: z
    .tuple([faceKey, faceKey])
    .refine(([a, b]) => a !== b, "key1 and key2 must differ")
    .optional(),
});

export const roleAssignmentDecl = z.strictObject({
  id: guid.optional(),
  principalId: guid,
  role: z.string().refine((r) => findRole(r) !== undefined, "not a built-in role name or id"),
  scope: z.string().regex(SCOPE_ID, "not an ARM scope (/subscriptions/{id}[/resourceGroups/{name}[/providers/…]])"),
});

export const configDocument = z.strictObject({
  tenants: z.array(tenantDecl).optional(),
  subscriptions: z.array(subscriptionDecl).optional(),
  videoIndexerAccounts: z.array(videoIndexerAccountDecl).optional(),
  faceResources: z.array(faceResourceDecl).optional(),
  roleAssignments: z.array(roleAssignmentDecl).optional(),
});

export type ApplicationDecl = z.infer<typeof applicationDecl>;
export type UserDecl = z.infer<typeof userDecl>;
export type TenantDecl = z.infer<typeof tenantDecl>;
export type ResourceGroupDecl = z.infer<typeof resourceGroupDecl>;
export type SubscriptionDecl = z.infer<typeof subscriptionDecl>;
export type VideoIndexerAccountDecl = z.infer<typeof videoIndexerAccountDecl>;
export type FaceResourceDecl = z.infer<typeof faceResourceDecl>;
export type RoleAssignmentDecl = z.infer<typeof roleAssignmentDecl>;
export type ConfigDocument = z.infer<typeof configDocument>;

/** `subscriptions[0].tenantId` style paths, as problems are reported to users. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    // Odd keys (spaces, dots, empty) are quoted so the path stays readable and unambiguous.
    else if (!/^[A-Za-z_$][\w$-]*$/.test(String(p))) out += `[${JSON.stringify(String(p))}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out || "(root)";
}

/** Every problem in `input`, one line each, with its path. */
export function problemsOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of error.issues) {
    const path = formatPath([...prefix, ...issue.path]);
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) lines.push(`${formatPath([...prefix, ...issue.path, k])}: unknown key`);
    } else if (issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined) {
      lines.push(`${path}: required`);
    } else if (issue.code === "invalid_type") {
      lines.push(`${path}: expected ${issue.expected}`);
    } else if (issue.code === "invalid_union") {
      lines.push(`${path}: expected a string or an object with 'value'`);
    } else {
      lines.push(`${path}: ${issue.message}`);
    }
  }
  return lines;
}
