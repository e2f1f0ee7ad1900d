import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { azureCliSkip, claimsOf, startAzureCliSandbox, type AzureCliSandbox } from "./helpers/azure-cli.js";

/**
 * The unmodified Azure CLI (Debian's azure-cli) against Lazurite in hostname mode, on 127.0.0.1:443
 * in a network namespace of the test's own where a throwaway hosts file sends Azure's names to it
 * (test/helpers/azure-cli.ts). Skipped without `az` or the privileges to make namespaces; .ci/run
 * installs azure-cli, so it always runs in CI.
 */
const FACE = "lzclitestface";

describe("the unmodified Azure CLI against Lazurite on Azure's hostnames", { skip: azureCliSkip }, () => {
  let cli: AzureCliSandbox;
  const az = (...args: string[]) => cli.az(...args);

  before(async () => {
    cli = await startAzureCliSandbox({
      args: ["--azure-hostnames"],
      port: 443,
      hosts: [
        "127.0.0.1 login.microsoftonline.com login.windows.net management.azure.com api.videoindexer.ai",
        `127.0.0.1 ${DEV.faceName}.cognitiveservices.azure.com ${FACE}.cognitiveservices.azure.com`,
      ],
    });
  });
  after(async () => cli?.stop());

  it("service principal: login, accounts, tokens, resource groups, a VI token with az rest, a Face account's life", async () => {
    cli.freshConfig();
    const login = await az("login", "--service-principal", "-u", DEV.clientId, "-p", DEV.clientSecret, "--tenant", DEV.tenantId);
    assert.ok(login.some((s: any) => s.id === DEV.subscriptionId && s.state === "Enabled"));
    await az("account", "set", "-s", DEV.subscriptionId);
    const show = await az("account", "show");
    assert.equal(show.id, DEV.subscriptionId);
    assert.equal(show.tenantId, DEV.tenantId);
    assert.ok((await az("account", "list")).length >= 1);

    const arm = await az("account", "get-access-token");
    const armClaims = claimsOf(arm.accessToken);
    assert.equal(armClaims.appid, DEV.clientId);
    assert.match(armClaims.aud, /^https:\/\/management\.(core\.windows\.net|azure\.com)\/$/);
    const cog = await az("account", "get-access-token", "--resource", "https://cognitiveservices.azure.com");
    assert.equal(claimsOf(cog.accessToken).aud, "https://cognitiveservices.azure.com");

    const rg = await az("group", "create", "-n", "cli-rg", "-l", "westus2");
    assert.equal(rg.properties.provisioningState, "Succeeded");
    assert.equal((await az("group", "show", "-n", "cli-rg")).name, "cli-rg");

    const vi = await az(
      "rest",
      "--method",
      "post",
      "--url",
      `https://management.azure.com/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${DEV.viAccountName}/generateAccessToken?api-version=2025-04-01`,
      "--body",
      JSON.stringify({ permissionType: "Contributor", scope: "Account" }),
    );
    assert.match(vi.accessToken, /^eyJ/);

    const account = await az(
      "cognitiveservices",
      "account",
      "create",
      "-n",
      FACE,
      "-g",
      "cli-rg",
      "--kind",
      "Face",
      "--sku",
      "S0",
      "-l",
      "westus2",
      "--custom-domain",
      FACE,
      "--yes",
    );
    assert.equal(account.properties.provisioningState, "Succeeded");
    assert.equal(account.properties.endpoint, `https://${FACE}.cognitiveservices.azure.com/`);
    assert.equal((await az("cognitiveservices", "account", "show", "-n", FACE, "-g", "cli-rg")).kind, "Face");
    const keys = await az("cognitiveservices", "account", "keys", "list", "-n", FACE, "-g", "cli-rg");
    const regenerated = await az("cognitiveservices", "account", "keys", "regenerate", "-n", FACE, "-g", "cli-rg", "--key-name", "key1");
    assert.notEqual(regenerated.key1, keys.key1);
    assert.equal(regenerated.key2, keys.key2);

    // The SDKs pick up the CLI's login with no Lazurite-specific option: AzureCliCredential, DefaultAzureCredential,
    // the default ARM endpoint for VI, and the Face client on the account's own endpoint with its new key.
    const script = `
      import { AzureCliCredential, DefaultAzureCredential } from "@azure/identity";
      import { getClient } from "@azure-rest/core-client";
      import createFaceClient from "@azure-rest/ai-vision-face";
      import { AzureKeyCredential } from "@azure/core-auth";
      const vi = async (credential) => {
        const arm = getClient("https://management.azure.com", credential, { credentials: { scopes: ["https://management.azure.com/.default"] } });
        const r = await arm.path("/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.VideoIndexer/accounts/{a}/generateAccessToken", "${DEV.subscriptionId}", "${DEV.resourceGroup}", "${DEV.viAccountName}")
          .post({ queryParameters: { "api-version": "2025-04-01" }, body: { permissionType: "Reader", scope: "Account" } });
        return r.status;
      };
      const face = createFaceClient("https://${FACE}.cognitiveservices.azure.com", new AzureKeyCredential(process.argv[1]), { apiVersion: "v1.3-preview.1" });
      const assets = await face.pathUnchecked("/settings/getClientAssetsAccessToken").get();
      console.log(JSON.stringify({ cli: await vi(new AzureCliCredential()), dflt: await vi(new DefaultAzureCredential()), face: assets.status }));
    `;
    const sdk = await cli.run(["node", "--input-type=module", "-e", script, regenerated.key1], {
      AZURE_TOKEN_CREDENTIALS: "AzureCliCredential",
    });
    assert.equal(sdk.code, 0, sdk.err);
    assert.deepEqual(JSON.parse(sdk.out.trim().split("\n").at(-1)!), { cli: "200", dflt: "200", face: "200" });

    await az("cognitiveservices", "account", "delete", "-n", FACE, "-g", "cli-rg");
    const gone = await cli.run(["az", "cognitiveservices", "account", "show", "-n", FACE, "-g", "cli-rg"]);
    assert.notEqual(gone.code, 0);
    assert.match(gone.err, /ResourceNotFound/);
    await az("group", "delete", "-n", "cli-rg", "--yes");
    const noGroup = await cli.run(["az", "group", "show", "-n", "cli-rg"]);
    assert.match(noGroup.err, /ResourceGroupNotFound/);
  });

  it("user: az login -u -p (home-realm discovery, password, tenants, a refresh at the tenant), then tokens", async () => {
    cli.freshConfig();
    const login = await az("login", "-u", DEV.userPrincipalName, "-p", DEV.userPassword);
    assert.ok(login.some((s: any) => s.id === DEV.subscriptionId && s.user.name === DEV.userPrincipalName && s.user.type === "user"));
    const token = await az("account", "get-access-token");
    const claims = claimsOf(token.accessToken);
    assert.equal(claims.oid, DEV.userObjectId);
    assert.equal(claims.appid, "04b07795-8ddb-461a-bbee-02f9e1bf7b46"); // the Azure CLI's own client
    assert.equal((await az("group", "show", "-n", DEV.resourceGroup)).name, DEV.resourceGroup);
  });
});
