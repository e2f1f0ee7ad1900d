import { enc, list } from "./api";
import type { Application, FaceResource, Principal, ResourceGroup, Subscription, Tenant, User, VideoIndexerAccount } from "./types";

/** Every application and user of every tenant: the principals a role assignment or a token can name. */
export async function loadPrincipals(): Promise<Principal[]> {
  const tenants = await list<Tenant>("/tenants");
  const per = await Promise.all(
    tenants.map(async (t) => {
      const [apps, users] = await Promise.all([
        list<Application>(`/tenants/${enc(t.id)}/applications`),
        list<User>(`/tenants/${enc(t.id)}/users`),
      ]);
      return [
        ...apps.map((a): Principal => ({
          objectId: a.objectId,
          kind: "application",
          name: a.displayName,
          tenantId: a.tenantId,
          clientId: a.clientId,
        })),
        ...users.map((u): Principal => ({ objectId: u.objectId, kind: "user", name: u.userPrincipalName, tenantId: u.tenantId })),
      ];
    }),
  );
  return per.flat();
}

export const viAccountScope = (a: VideoIndexerAccount) =>
  `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${a.name}`;
export const faceScope = (f: FaceResource) =>
  `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${f.name}`;

/** Every scope a role can be assigned at that names something that exists. */
export async function loadScopes(): Promise<string[]> {
  const [subs, vi, face] = await Promise.all([
    list<Subscription>("/subscriptions"),
    list<VideoIndexerAccount>("/videoIndexerAccounts"),
    list<FaceResource>("/faceResources"),
  ]);
  const groups = (await Promise.all(subs.map((s) => list<ResourceGroup>(`/subscriptions/${enc(s.id)}/resourceGroups`)))).flat();
  return [
    ...subs.map((s) => `/subscriptions/${s.id}`),
    ...groups.map((g) => `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`),
    ...vi.map(viAccountScope),
    ...face.map(faceScope),
  ];
}

export function principalLabel(p: Principal): string {
  return `${p.name} (${p.kind}${p.clientId ? `, client id ${p.clientId}` : ""})`;
}
