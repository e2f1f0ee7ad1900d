import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { azureCliSkip, claimsOf, startAzureCliSandbox, type AzureCliSandbox } from "./helpers/azure-cli.js";

/**
 * Custom-host mode: the unmodified Azure CLI against Lazurite on its own URL (https://localhost:PORT),
 * for users who cannot edit a hosts file. `az cloud register` reads Lazurite's cloud metadata; the
 * `/adfs` authority keeps MSAL away from every Microsoft host (docs/azure-hostnames.md#custom-host-mode).
 * The namespace has no Azure names at all, so any call to Microsoft fails loudly.
 */
describe("the unmodified Azure CLI against Lazurite on a custom host (az cloud register)", { skip: azureCliSkip }, () => {
  let cli: AzureCliSandbox;
  let origin: string;
  const az = (...args: string[]) => cli.az(...args);

  before(async () => {
    cli = await startAzureCliSandbox();
    origin = `https://localhost:${cli.server.port}`;
  });
  after(async () => cli?.stop());

  async function registerCloud(name: string, ...endpoints: string[]): Promise<void> {
    await az("cloud", "register", "-n", name, "--endpoint-resource-manager", `${origin}/`, ...endpoints);
    await az("cloud", "set", "-n", name);
  }

  it("registers from the metadata endpoint, logs in a service principal, and calls ARM and Video Indexer", async () => {
    cli.freshConfig();
    await registerCloud("lazurite", "--endpoint-active-directory", `${origin}/adfs`);
    const cloud = await az("cloud", "show");
    // What the CLI took from GET //metadata/endpoints (the double slash is the CLI's).
    assert.equal(cloud.endpoints.activeDirectoryResourceId, "https://management.core.windows.net/");
    assert.equal(cloud.endpoints.activeDirectoryGraphResourceId, "https://graph.windows.net/");
    assert.equal(cloud.endpoints.management, `${origin}/`);

    const login = await az("login", "--service-principal", "-u", DEV.clientId, "-p", DEV.clientSecret, "--tenant", DEV.tenantId);
    assert.deepEqual(
      login.map((s: any) => [s.cloudName, s.id, s.tenantId, s.user.type]),
      [["lazurite", DEV.subscriptionId, DEV.tenantId, "servicePrincipal"]],
    );
    const token = await az("account", "get-access-token");
    assert.equal(claimsOf(token.accessToken).tid, DEV.tenantId); // the tenant came from the client id
    assert.equal((await az("group", "show", "-n", DEV.resourceGroup)).location, "westus2");
    const vi = await az(
      "rest",
      "--method",
      "post",
      "--url",
      `${origin}/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${DEV.viAccountName}/generateAccessToken?api-version=2025-04-01`,
      "--body",
      JSON.stringify({ permissionType: "Reader", scope: "Account" }),
    );
    assert.equal(claimsOf(vi.accessToken).Permission, "Reader");
  });

  it("logs in a user with a password and gets Cognitive Services tokens", async () => {
    cli.freshConfig();
    await registerCloud("lazurite", "--endpoint-active-directory", `${origin}/adfs`);
    const login = await az("login", "-u", DEV.userPrincipalName, "-p", DEV.userPassword);
    assert.equal(login[0].user.name, DEV.userPrincipalName);
    const cog = await az("account", "get-access-token", "--resource", "https://cognitiveservices.azure.com");
    const claims = claimsOf(cog.accessToken);
    assert.equal(claims.aud, "https://cognitiveservices.azure.com");
    assert.equal(claims.oid, DEV.userObjectId);
  });

  it("without the /adfs authority, MSAL validates Lazurite's URL at login.microsoftonline.com and the login fails", async () => {
    cli.freshConfig();
    await registerCloud("lazurite-aad");
    assert.equal((await az("cloud", "show")).endpoints.activeDirectory, `${origin}/`);
    const r = await cli.run(["az", "login", "--service-principal", "-u", DEV.clientId, "-p", DEV.clientSecret, "--tenant", DEV.tenantId]);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /login\.microsoftonline\.com.*\/common\/discovery\/instance/);
  });
});
