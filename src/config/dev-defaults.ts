import type { ConfigDocument } from "../resources/declarations.js";

/**
 * The well-known development set, seeded when no config file is given (like Azurite's
 * devstoreaccount1). Every value here is public: never use them for anything but local work.
 */
export const DEV = {
  tenantId: "1a2e0000-0000-4000-8000-000000000001",
  tenantDomain: "lazuritedev.onmicrosoft.com",
  clientId: "1a2e0000-0000-4000-8000-000000000010",
  appObjectId: "1a2e0000-0000-4000-8000-000000000011",
  clientSecret: "lazurite-dev-client-secret-not-secret",
  userObjectId: "1a2e0000-0000-4000-8000-000000000020",
  userPrincipalName: "dev@lazuritedev.onmicrosoft.com",
  userPassword: "Lazurite-dev-passw0rd",
  subscriptionId: "1a2e0000-0000-4000-8000-000000000100",
  resourceGroup: "lazurite-dev",
  location: "westus2",
  viAccountName: "lazurite-vi",
  viAccountId: "1a2e0000-0000-4000-8000-000000001000",
  faceName: "lazurite-face",
  faceKey1: "1a2e0000000000000000000000face01",
  faceKey2: "1a2e0000000000000000000000face02",
} as const;

export function devDefaults(): ConfigDocument {
  const sub = `/subscriptions/${DEV.subscriptionId}`;
  return {
    tenants: [
      {
        id: DEV.tenantId,
        displayName: "Lazurite Development",
        domain: DEV.tenantDomain,
        applications: [
          { clientId: DEV.clientId, objectId: DEV.appObjectId, displayName: "lazurite-dev-app", clientSecrets: [DEV.clientSecret] },
        ],
        users: [
          {
            objectId: DEV.userObjectId,
            userPrincipalName: DEV.userPrincipalName,
            displayName: "Lazurite Developer",
            password: DEV.userPassword,
          },
        ],
      },
    ],
    subscriptions: [
      {
        id: DEV.subscriptionId,
        tenantId: DEV.tenantId,
        displayName: "Lazurite Development",
        resourceGroups: [{ name: DEV.resourceGroup, location: DEV.location }],
      },
    ],
    videoIndexerAccounts: [
      {
        subscriptionId: DEV.subscriptionId,
        resourceGroup: DEV.resourceGroup,
        name: DEV.viAccountName,
        location: DEV.location,
        accountId: DEV.viAccountId,
      },
    ],
    faceResources: [
      {
        subscriptionId: DEV.subscriptionId,
        resourceGroup: DEV.resourceGroup,
        name: DEV.faceName,
        location: DEV.location,
        keys: [DEV.faceKey1, DEV.faceKey2],
      },
    ],
    roleAssignments: [
      { principalId: DEV.appObjectId, role: "Owner", scope: sub },
      { principalId: DEV.userObjectId, role: "Owner", scope: sub },
      // Owner carries no data actions; Face with an Entra token needs a Cognitive Services data role, as on Azure.
      { principalId: DEV.appObjectId, role: "Cognitive Services User", scope: sub },
      { principalId: DEV.userObjectId, role: "Cognitive Services User", scope: sub },
    ],
  };
}

export function devBanner(url: string): string[] {
  return [
    "",
    "  !!! WARNING: DEVELOPMENT DEFAULTS IN USE. These credentials are PUBLIC (printed here and in the README). !!!",
    "  !!! Use them only on this machine; pass --config to declare your own tenants, keys and secrets.        !!!",
    "",
    `  tenant id           ${DEV.tenantId}`,
    `  client id           ${DEV.clientId}   (object id ${DEV.appObjectId})`,
    `  client secret       ${DEV.clientSecret}`,
    `  user                ${DEV.userPrincipalName} / ${DEV.userPassword}   (object id ${DEV.userObjectId})`,
    `  subscription        ${DEV.subscriptionId}, resource group ${DEV.resourceGroup} (${DEV.location})`,
    `  Video Indexer       account ${DEV.viAccountName} (accountId ${DEV.viAccountId})`,
    `  Face                resource ${DEV.faceName}, key1 ${DEV.faceKey1}, key2 ${DEV.faceKey2}`,
    `  role assignments    Owner and Cognitive Services User on /subscriptions/${DEV.subscriptionId} for the client and the user`,
    `  authority host      ${url}   (tenant ${DEV.tenantId})`,
    "",
  ];
}
