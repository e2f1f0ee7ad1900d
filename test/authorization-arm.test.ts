import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import type { TokenCredential } from "@azure/core-auth";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { DEV } from "../src/config/dev-defaults.js";
import { adminGroup, authorizationClient, cognitiveClient, rejectsWith } from "./helpers/arm.js";
import { ExchangeRecorder } from "./helpers/exchanges.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { assignRole, devCredential, newApp, type TestPrincipal } from "./helpers/vi.js";

const SUB = DEV.subscriptionId;
const RG = "authz-rg";
const CSU = "a97b65f3-24c7-4388-baec-2e87135dc908"; // Cognitive Services User
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const roleId = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

describe("Microsoft.Authorization role assignments and definitions, through @azure/arm-authorization", () => {
  let s: TestServer;
  let accountId: string;
  let endpoint: string;
  let app: TestPrincipal;
  const rec = new ExchangeRecorder();
  before(async () => {
    s = await startTestServer({ inMemory: true });
    await adminGroup(s, RG);
    const a = await cognitiveClient(s, devCredential(s), rec).accounts.beginCreateAndWait(RG, "authz-face", {
      kind: "Face",
      sku: { name: "S0" },
      location: "westus2",
      properties: { customSubDomainName: "authz-face" },
    });
    accountId = a.id!;
    endpoint = a.properties!.endpoint!;
    app = await newApp(s);
  });
  after(async () => s?.close());
  beforeEach((t) => {
    rec.label = t.name;
  });

  const authz = (credential: TokenCredential = devCredential(s)) => authorizationClient(s, credential, rec);
  const faceWithToken = (credential: TokenCredential) =>
    createFaceClient(endpoint, credential, {
      apiVersion: "v1.3-preview.1" as FaceClientOptions["apiVersion"],
      tlsOptions: { ca: s.certificatePem },
      retryOptions: { maxRetries: 0 },
    })
      .pathUnchecked("/settings/getClientAssetsAccessToken")
      .get();

  it("role definitions: the built-in roles at any scope, by name filter, by id; an unknown id is RoleDefinitionDoesNotExist", async () => {
    const atSub = [];
    for await (const d of authz().roleDefinitions.list(`/subscriptions/${SUB}`)) atSub.push(d);
    const csu = atSub.find((d) => d.roleName === "Cognitive Services User")!;
    assert.equal(csu.id, roleId(CSU));
    assert.equal(csu.roleType, "BuiltInRole");
    assert.equal(csu.description, "Lets you read and list keys of Cognitive Services.");
    assert.deepEqual(csu.assignableScopes, ["/"]);
    assert.ok(csu.permissions?.[0]?.dataActions?.includes("Microsoft.CognitiveServices/*"));
    // "/" as the scope: the SDK sends `///providers/…`.
    const atRoot = [];
    for await (const d of authz().roleDefinitions.list("/", { filter: "roleName eq 'Owner'" })) atRoot.push(d);
    assert.deepEqual(
      atRoot.map((d) => d.id),
      ["/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"],
    );
    assert.ok(rec.exchanges.some((x) => new URL(x.request.url).pathname.startsWith("///providers/")));
    const got = await authz().roleDefinitions.get(`/subscriptions/${SUB}/resourceGroups/${RG}`, READER);
    assert.equal(got.roleName, "Reader");
    assert.equal((await authz().roleDefinitions.getById(roleId(CSU))).roleName, "Cognitive Services User");
    await rejectsWith(
      authz().roleDefinitions.get(`/subscriptions/${SUB}`, "00000000-0000-4000-8000-0000000000ff"),
      404,
      "RoleDefinitionDoesNotExist",
      `The specified role definition with ID '${"00000000-0000-4000-8000-0000000000ff".replace(/-/g, "")}' does not exist.`,
    );
  });

  it("granting Cognitive Services User on the Face account: the app's token works on the Face surface at once, and listKeys", async () => {
    assert.equal((await faceWithToken(app.credential)).status, "401", "no role yet");
    const name = randomUUID();
    const created = await authz().roleAssignments.create(accountId, name, {
      roleDefinitionId: roleId(CSU),
      principalId: app.objectId,
      principalType: "ServicePrincipal",
      description: "provisioned by a test",
    });
    assert.equal(rec.exchanges.at(-1)!.response.statusCode, 201);
    assert.equal(created.name, name);
    assert.equal(created.id, `${accountId}/providers/Microsoft.Authorization/roleAssignments/${name}`);
    assert.equal(created.scope, accountId);
    assert.equal(created.roleDefinitionId, roleId(CSU));
    assert.equal(created.principalType, "ServicePrincipal");
    assert.equal(created.createdBy, DEV.appObjectId);
    assert.ok(created.createdOn instanceof Date);
    const face = await faceWithToken(app.credential);
    assert.equal(face.status, "200", JSON.stringify(face.body));
    const keys = await cognitiveClient(s, app.credential, rec).accounts.listKeys(RG, "authz-face");
    assert.match(keys.key1!, /^[0-9a-f]{32}$/);
    // The admin API sees the same entity.
    const admin = (await s.admin("GET", `/roleAssignments/${name}`)).json;
    assert.equal(admin.roleName, "Cognitive Services User");
    assert.equal(admin.scope, accountId);
    // An identical PUT again: 200 with the assignment.
    await authz().roleAssignments.create(accountId, name, {
      roleDefinitionId: roleId(CSU),
      principalId: app.objectId,
      principalType: "ServicePrincipal",
    });
    assert.equal(rec.exchanges.at(-1)!.response.statusCode, 200);
  });

  it("get, lists at each scope with $filter, delete (200 then 204): the grant ends at once", async () => {
    const mine = [];
    for await (const a of authz().roleAssignments.listForSubscription({ filter: `principalId eq '${app.objectId}'` })) mine.push(a);
    assert.equal(mine.length, 1);
    const name = mine[0]!.name!;
    assert.equal((await authz().roleAssignments.get(accountId, name)).principalId, app.objectId);
    assert.equal((await authz().roleAssignments.getById(mine[0]!.id!)).name, name);
    const atAccount = [];
    for await (const a of authz().roleAssignments.listForScope(accountId, { filter: "atScope()" })) atAccount.push(a.scope);
    // At or above the account: the dev principals' subscription roles and this one.
    assert.ok(atAccount.includes(accountId) && atAccount.includes(`/subscriptions/${SUB}`));
    const inGroup = [];
    for await (const a of authz().roleAssignments.listForResourceGroup(RG)) inGroup.push(a.scope);
    assert.ok(inGroup.includes(accountId), "below the group");
    const onResource = [];
    for await (const a of authz().roleAssignments.listForResource(RG, "Microsoft.CognitiveServices", "accounts", "authz-face", {
      filter: "atScope()",
    }))
      onResource.push(a.name);
    assert.ok(onResource.includes(name));
    // A scope spelt without the leading slash, as the spec's examples do.
    assert.equal((await authz().roleAssignments.get(accountId.slice(1), name)).name, name);

    const deleted = await authz().roleAssignments.delete(accountId, name);
    assert.equal(rec.exchanges.at(-1)!.response.statusCode, 200);
    assert.equal(deleted.name, name);
    assert.equal((await faceWithToken(app.credential)).status, "401", "the grant is gone at once");
    await authz().roleAssignments.delete(accountId, name);
    assert.equal(rec.exchanges.at(-1)!.response.statusCode, 204);
    await rejectsWith(authz().roleAssignments.get(accountId, name), 404, "RoleAssignmentNotFound");
  });

  it("assignments made through the admin API are visible, with the principal type from the directory", async () => {
    await assignRole(s, DEV.userObjectId, "Reader", `/subscriptions/${SUB}/resourceGroups/${RG}`);
    const found = [];
    for await (const a of authz().roleAssignments.listForResourceGroup(RG, { filter: `assignedTo('${DEV.userObjectId}')` })) found.push(a);
    const reader = found.find((a) => a.roleDefinitionId === roleId(READER))!;
    assert.equal(reader.principalType, "User");
    assert.equal(reader.scope, `/subscriptions/${SUB}/resourceGroups/${RG}`);
  });

  it("refusals: ids that are not GUIDs, unknown principals and roles, duplicates, updates, conditions, and who may write", async () => {
    const scope = `/subscriptions/${SUB}/resourceGroups/${RG}`;
    const body = { roleDefinitionId: roleId(READER), principalId: app.objectId };
    await rejectsWith(
      authz().roleAssignments.create(scope, "not-a-guid", body),
      400,
      "InvalidRoleAssignmentId",
      "The role assignment ID 'not-a-guid' is not valid. The role assignment ID must be a GUID.",
    );
    await rejectsWith(authz().roleAssignments.delete(scope, "not-a-guid"), 400, "InvalidRoleAssignmentId");
    await rejectsWith(
      authz().roleAssignments.create(scope, randomUUID(), { ...body, principalId: "someone" }),
      400,
      "InvalidPrincipalId",
      "The Principal ID 'someone' is not valid. Principal ID must be a GUID.",
    );
    const ghost = randomUUID();
    await rejectsWith(
      authz().roleAssignments.create(scope, randomUUID(), { ...body, principalId: ghost }),
      400,
      "PrincipalNotFound",
      new RegExp(`^Principal ${ghost.replace(/-/g, "")} does not exist in the directory ${DEV.tenantId}\\.`),
    );
    // With principalType set, ARM does not ask the directory (its advice for principals just created).
    const ghostName = randomUUID();
    await authz().roleAssignments.create(scope, ghostName, { ...body, principalId: ghost, principalType: "ServicePrincipal" });
    await rejectsWith(
      authz().roleAssignments.create(scope, randomUUID(), { ...body, roleDefinitionId: roleId("00000000-0000-4000-8000-0000000000ee") }),
      400,
      "RoleDefinitionDoesNotExist",
    );
    const first = randomUUID();
    await authz().roleAssignments.create(scope, first, body);
    await rejectsWith(
      authz().roleAssignments.create(scope, randomUUID(), body),
      409,
      "RoleAssignmentExists",
      "The role assignment already exists.",
    );
    await rejectsWith(
      authz().roleAssignments.create(scope, first, { ...body, roleDefinitionId: roleId(CSU) }),
      400,
      "RoleAssignmentUpdateNotPermitted",
      "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
    );
    await rejectsWith(authz().roleAssignments.create(`/subscriptions/${SUB}`, first, body), 400, "RoleAssignmentUpdateNotPermitted");
    await rejectsWith(
      authz().roleAssignments.create(scope, randomUUID(), {
        ...body,
        roleDefinitionId: roleId(CSU),
        condition: "@Resource[x] StringEquals 'y'",
        conditionVersion: "2.0",
      }),
      400,
      "RoleAssignmentConditionNotSupported",
    );
    // Contributor may read assignments but not write them; nobody here may write at the root.
    const contributor = await newApp(s, { role: "Contributor", scope: `/subscriptions/${SUB}` });
    await rejectsWith(
      authz(contributor.credential).roleAssignments.create(scope, randomUUID(), { ...body, roleDefinitionId: roleId(CSU) }),
      403,
      "AuthorizationFailed",
      /perform action 'Microsoft\.Authorization\/roleAssignments\/write' over scope '\/subscriptions\/[^']+\/resourceGroups\/authz-rg\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}'/,
    );
    assert.equal((await authz(contributor.credential).roleAssignments.get(scope, first)).name, first);
    await rejectsWith(
      authz().roleAssignments.create("/", randomUUID(), { ...body, roleDefinitionId: roleId(CSU) }),
      403,
      "AuthorizationFailed",
    );
    const drain = async (it: AsyncIterable<unknown>) => {
      for await (const _ of it);
    };
    await rejectsWith(
      drain(authz().roleAssignments.listForScope(`/subscriptions/${SUB}/resourceGroups/no-such-rg`)),
      404,
      "ResourceGroupNotFound",
    );
    await rejectsWith(
      drain(authz().roleAssignments.listForScope(scope, { filter: "principalName eq 'x'" })),
      400,
      "InvalidFilterInQueryString",
    );
  });
});
