import type { Application, ClientSecret, Tenant, User } from "../model/entities.js";
import { canon, guidFromName, newGuid } from "../model/ids.js";
import { keyOf } from "../store/collections.js";
import type { Collections } from "../store/store.js";
import { toClientCertificate } from "./certificates.js";
import type { ApplicationDecl, TenantDecl, UserDecl } from "./declarations.js";
import { ResourceError, type PutResult } from "./resource-error.js";
import { hashPassword, newClientSecret, secretMatches, sha256Hex, verifyPassword } from "./secrets.js";

/**
 * The emulated directory: tenants and their applications (with secrets and certificates) and
 * users. Every write of these entities goes through here, from the config file, the admin API
 * and anything else.
 */
export class DirectoryService {
  constructor(
    private readonly c: Collections,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async putTenant(d: TenantDecl): Promise<PutResult<Tenant>> {
    const existing = await this.c.tenants.get(keyOf.tenant(d.id));
    const entity: Tenant = {
      id: d.id.toLowerCase(),
      displayName: d.displayName ?? existing?.displayName ?? "Lazurite Tenant",
      domain: d.domain ?? existing?.domain ?? `lazurite${d.id.slice(0, 8).toLowerCase()}.onmicrosoft.com`,
    };
    const created = await this.c.tenants.upsert(entity);
    for (const a of d.applications ?? []) await this.putApplication(entity.id, a);
    for (const u of d.users ?? []) await this.putUser(entity.id, u);
    return { created, entity };
  }

  async requireTenant(tenantId: string): Promise<Tenant> {
    const t = await this.c.tenants.get(keyOf.tenant(tenantId));
    if (!t) throw new ResourceError("not-found", `Tenant '${tenantId}' does not exist.`);
    return t;
  }

  async putApplication(tenantId: string, d: ApplicationDecl): Promise<PutResult<Application>> {
    await this.requireTenant(tenantId);
    const now = this.now();
    const existing = await this.c.applications.get(keyOf.application(tenantId, d.clientId));
    const secrets: ClientSecret[] = [...(existing?.secrets ?? [])];
    for (const s of d.clientSecrets ?? []) {
      const value = typeof s === "string" ? s : s.value;
      if (secrets.some((x) => secretMatches(value, x.sha256))) continue;
      secrets.push({
        id: guidFromName("client-secret", `${tenantId}/${d.clientId}/${sha256Hex(value)}`),
        hint: value.slice(0, 3),
        sha256: sha256Hex(value),
        displayName: typeof s === "string" ? undefined : s.displayName,
        expiresAt: typeof s === "string" ? undefined : s.expiresAt,
        createdAt: now.toISOString(),
      });
    }
    const certificates = [...(existing?.certificates ?? [])];
    for (const pem of d.certificates ?? []) {
      const cert = await toClientCertificate(pem, now);
      if (!certificates.some((c) => c.jwkThumbprint === cert.jwkThumbprint)) certificates.push(cert);
    }
    const entity: Application = {
      tenantId: tenantId.toLowerCase(),
      clientId: d.clientId.toLowerCase(),
      objectId: (d.objectId ?? existing?.objectId ?? guidFromName("application-object", canon(`${tenantId}/${d.clientId}`))).toLowerCase(),
      displayName: d.displayName ?? existing?.displayName ?? `app-${d.clientId.slice(0, 8)}`,
      secrets,
      certificates,
    };
    await this.assertObjectIdFree(entity.objectId, "application", keyOf.application(tenantId, d.clientId));
    return { created: await this.c.applications.upsert(entity), entity };
  }

  /** Adds a generated secret; the only time its value is visible is in the return value. */
  async addClientSecret(
    tenantId: string,
    clientId: string,
    opts: { displayName?: string; expiresAt?: string },
  ): Promise<{ secret: string; record: ClientSecret }> {
    const app = await this.requireApplication(tenantId, clientId);
    const secret = newClientSecret();
    const record: ClientSecret = {
      id: newGuid(),
      hint: secret.slice(0, 3),
      sha256: sha256Hex(secret),
      displayName: opts.displayName,
      expiresAt: opts.expiresAt,
      createdAt: this.now().toISOString(),
    };
    await this.c.applications.upsert({ ...app, secrets: [...app.secrets, record] });
    return { secret, record };
  }

  async removeClientSecret(tenantId: string, clientId: string, secretId: string): Promise<boolean> {
    const app = await this.requireApplication(tenantId, clientId);
    const secrets = app.secrets.filter((s) => s.id !== secretId.toLowerCase());
    if (secrets.length === app.secrets.length) return false;
    await this.c.applications.upsert({ ...app, secrets });
    return true;
  }

  async requireApplication(tenantId: string, clientId: string): Promise<Application> {
    const app = await this.c.applications.get(keyOf.application(tenantId, clientId));
    if (!app) throw new ResourceError("not-found", `Application '${clientId}' does not exist in tenant '${tenantId}'.`);
    return app;
  }

  async putUser(tenantId: string, d: UserDecl): Promise<PutResult<User>> {
    await this.requireTenant(tenantId);
    const byUpn = await this.c.users.getByAlt(keyOf.userUpn(tenantId, d.userPrincipalName));
    const objectId = (
      d.objectId ??
      byUpn?.objectId ??
      guidFromName("user-object", canon(`${tenantId}/${d.userPrincipalName}`))
    ).toLowerCase();
    const existing = await this.c.users.get(keyOf.user(tenantId, objectId));
    if (byUpn && byUpn.objectId !== objectId) {
      throw new ResourceError("conflict", `User principal name '${d.userPrincipalName}' already belongs to user '${byUpn.objectId}'.`);
    }
    if (d.password === undefined && !existing) throw new ResourceError("invalid", "password: required for a new user");
    const keepHash = existing && (d.password === undefined || (await verifyPassword(d.password, existing.passwordHash)));
    const entity: User = {
      tenantId: tenantId.toLowerCase(),
      objectId,
      userPrincipalName: d.userPrincipalName,
      displayName: d.displayName ?? existing?.displayName ?? d.userPrincipalName.split("@")[0]!,
      passwordHash: keepHash ? existing.passwordHash : await hashPassword(d.password!),
    };
    await this.assertObjectIdFree(objectId, "user", keyOf.user(tenantId, objectId));
    return { created: await this.c.users.upsert(entity), entity };
  }

  /** Object ids are unique across applications and users: they are what role assignments name. */
  private async assertObjectIdFree(objectId: string, kind: "application" | "user", ownKey: string): Promise<void> {
    const app = await this.c.applications.getByAlt(objectId);
    if (app && !(kind === "application" && keyOf.application(app.tenantId, app.clientId) === ownKey)) {
      throw new ResourceError("conflict", `Object id '${objectId}' is already used by application '${app.clientId}'.`);
    }
    if (kind === "application") {
      const users = await this.c.users.list();
      const u = users.find((x) => x.objectId === objectId);
      if (u) throw new ResourceError("conflict", `Object id '${objectId}' is already used by user '${u.userPrincipalName}'.`);
    } else {
      const u = (await this.c.users.list()).find((x) => x.objectId === objectId && keyOf.user(x.tenantId, x.objectId) !== ownKey);
      if (u) throw new ResourceError("conflict", `Object id '${objectId}' is already used by user '${u.userPrincipalName}'.`);
    }
  }

  async deleteTenant(tenantId: string): Promise<boolean> {
    const subs = await this.c.subscriptions.list({ scope: canon(tenantId) });
    if (subs.length > 0) {
      throw new ResourceError("conflict", `Tenant '${tenantId}' still owns subscriptions: ${subs.map((s) => s.id).join(", ")}.`);
    }
    for (const a of await this.c.applications.list({ scope: canon(tenantId) }))
      await this.c.applications.delete(keyOf.application(a.tenantId, a.clientId));
    for (const u of await this.c.users.list({ scope: canon(tenantId) })) await this.c.users.delete(keyOf.user(u.tenantId, u.objectId));
    return this.c.tenants.delete(keyOf.tenant(tenantId));
  }

  async deleteApplication(tenantId: string, clientId: string): Promise<boolean> {
    await this.requireTenant(tenantId);
    return this.c.applications.delete(keyOf.application(tenantId, clientId));
  }

  async deleteUser(tenantId: string, objectId: string): Promise<boolean> {
    await this.requireTenant(tenantId);
    return this.c.users.delete(keyOf.user(tenantId, objectId));
  }
}
