import type { ResourceGroup } from "../../../../model/entities.js";
import { isResourceGroupName } from "../../../../resources/names.js";
import { ResourceService } from "../../../../resources/resource-service.js";
import { requestOrigin } from "../../../../core/request-origin.js";
import { keyOf } from "../../../../store/collections.js";
import { isObject, stringOf, tagsOf, type Body } from "../../body/fields.js";
import { operation, type ApiProfile, type ArmCall } from "../../chain/operation.js";
import { findRegion, normalizeRegion, REGION_NAMES } from "../../locations.js";
import { partsSigned, signParts } from "../../lro.js";
import { resourcesApiVersions } from "./api-versions.js";
import { groupScope, queryParam, subscriptionScope, topOf } from "./common.js";
import { resourcesErrors } from "./errors.js";
import { matchesFilter, parseFilter, FilterError } from "./filter.js";

/**
 * Resource groups (`resources.json`): create or update, get, check existence (HEAD), update,
 * delete (a long-running operation polled through `operationresults`), list. The request path
 * spells `resourcegroups` in lower case and the id `resourceGroups` [S]; routing ignores case.
 */

const GROUPS = "/subscriptions/:subscriptionId/resourcegroups";
const GROUP = `${GROUPS}/:resourceGroupName`;
const READ = "Microsoft.Resources/subscriptions/resourceGroups/read";
const WRITE = "Microsoft.Resources/subscriptions/resourceGroups/write";

export function groupView(g: ResourceGroup) {
  return {
    id: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`,
    name: g.name,
    type: "Microsoft.Resources/resourceGroups",
    location: g.location,
    ...(g.managedBy ? { managedBy: g.managedBy } : {}),
    ...(g.tags ? { tags: g.tags } : {}),
    properties: { provisioningState: "Succeeded" },
  };
}

const loadGroup = (call: ArmCall) =>
  call.ctx.store.resourceGroups.get(keyOf.resourceGroup(call.subscription.id, call.params["resourceGroupName"]!));
const existingGroup = {
  load: loadGroup,
  notFound: (call: ArmCall) => call.errors.resourceGroupNotFound(call.params["resourceGroupName"]!),
};

function nameRule(call: ArmCall): void {
  const name = call.params["resourceGroupName"]!;
  if (!isResourceGroupName(name)) throw resourcesErrors.invalidResourceGroupName(call.errors, name);
}

interface GroupPut {
  location: string;
  /** The location as the body spelt it, for the error that names it. */
  requested: string;
  tags: Record<string, string> | undefined;
  managedBy: string | undefined;
}

/** ResourceGroup body of a PUT: `location` required and a region ARM knows; tags within ARM's limits. */
function validatePut(raw: Body | undefined, call: ArmCall): GroupPut {
  const b = raw ?? {};
  const given = stringOf(call.errors, b, "location", 64);
  if (given === undefined) throw call.errors.locationRequired();
  const region = findRegion(given);
  if (!region) throw resourcesErrors.locationNotAvailableForResourceGroup(call.errors, given, REGION_NAMES);
  // ARM stores a group's location in its normalised form (`West US 2` → `westus2`) [U].
  return {
    location: region.name,
    requested: given,
    tags: tagsOf(call.errors, b["tags"]),
    managedBy: stringOf(call.errors, b, "managedBy", 1024),
  };
}

/** ResourceGroupPatchable: tags and managedBy replace when present; `name` and `properties` are read-only here. */
type GroupPatch = Partial<Pick<GroupPut, "tags" | "managedBy">>;

function validatePatch(raw: Body | undefined, call: ArmCall): GroupPatch {
  const b = raw ?? {};
  const out: GroupPatch = {};
  if ("tags" in b) out.tags = tagsOf(call.errors, b["tags"]) ?? {};
  if ("managedBy" in b) out.managedBy = stringOf(call.errors, b, "managedBy", 1024);
  if (b["properties"] !== undefined && b["properties"] !== null && !isObject(b["properties"])) {
    throw call.errors.invalidParameter("The value of parameter 'properties' is not valid. It must be an object.", "properties");
  }
  return out;
}

/** The opaque job token of a group deletion: ARM's readable form [R], plus a MAC so only this server's tokens are answered. */
interface DeletionJob {
  jobId: string;
  jobLocation: string;
  mac: string;
}

async function deletionToken(call: ArmCall, g: ResourceGroup): Promise<string> {
  const jobId = `RESOURCEGROUPDELETIONJOB-${g.name.toUpperCase()}-${g.location.toUpperCase()}`;
  const job: DeletionJob = { jobId, jobLocation: g.location, mac: await signParts(call.ctx.store, [g.subscriptionId, jobId, g.location]) };
  return Buffer.from(JSON.stringify(job)).toString("base64url");
}

async function readDeletionToken(call: ArmCall, token: string): Promise<DeletionJob | undefined> {
  if (token.length > 1024) return undefined;
  let job: Partial<DeletionJob>;
  try {
    job = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<DeletionJob>;
  } catch {
    return undefined;
  }
  if (typeof job.jobId !== "string" || typeof job.jobLocation !== "string" || typeof job.mac !== "string") return undefined;
  const ok = await partsSigned(call.ctx.store, [call.subscription.id, job.jobId, job.jobLocation], job.mac);
  return ok ? (job as DeletionJob) : undefined;
}

function filtered(call: ArmCall, groups: ResourceGroup[]): ResourceGroup[] {
  const filter = queryParam(call, "$filter");
  let terms;
  try {
    terms = filter ? parseFilter(filter) : [];
  } catch (e) {
    if (e instanceof FilterError) throw resourcesErrors.invalidFilter(call.errors, filter!, e.message);
    throw e;
  }
  // Resource groups filter on tags only [S: ResourceGroupFilter has tagName and tagValue].
  if (terms.some((t) => t.kind !== "eq" || (t.field !== "tagname" && t.field !== "tagvalue"))) {
    throw resourcesErrors.invalidFilter(call.errors, filter!, "resource groups can be filtered by tagName and tagValue only");
  }
  const out = groups.filter((g) => matchesFilter({ name: g.name, tags: g.tags }, terms));
  const top = topOf(call);
  return top === undefined ? out : out.slice(0, top);
}

export const resourceGroupOperations = [
  operation({
    id: "ResourceGroups_CheckExistence",
    method: "HEAD",
    path: GROUP,
    apiVersions: resourcesApiVersions,
    authorize: { action: READ, scope: groupScope },
    resource: { load: loadGroup },
    // 204 when it exists, 404 when not [S]; HEAD answers carry no body.
    handle: async (call) => call.reply.code(call.resource ? 204 : 404).send(),
  }),
  operation({
    id: "ResourceGroups_List",
    method: "GET",
    path: GROUPS,
    apiVersions: resourcesApiVersions,
    authorize: { action: READ, scope: subscriptionScope },
    async handle(call) {
      const groups = await call.ctx.store.resourceGroups.list({ scope: call.subscription.id });
      return { value: filtered(call, groups).map(groupView) };
    },
  }),
  operation({
    id: "ResourceGroups_Get",
    method: "GET",
    path: GROUP,
    apiVersions: resourcesApiVersions,
    authorize: { action: READ, scope: groupScope },
    resource: existingGroup,
    handle: async (call) => groupView(call.resource!),
  }),
  operation<ApiProfile, ResourceGroup, GroupPut>({
    id: "ResourceGroups_CreateOrUpdate",
    method: "PUT",
    path: GROUP,
    apiVersions: resourcesApiVersions,
    authorize: { action: WRITE, scope: groupScope },
    nameRule,
    resource: { load: loadGroup },
    body: { typeName: "ResourceGroup", validate: validatePut },
    async handle(call) {
      const existing = call.resource;
      const { location, requested, tags, managedBy } = call.body;
      if (existing && normalizeRegion(existing.location) !== location) {
        throw resourcesErrors.invalidResourceGroupLocation(call.errors, requested, existing.location);
      }
      const name = call.params["resourceGroupName"]!;
      const r = await call.ctx.store.transaction((tx) =>
        new ResourceService(tx, call.ctx.now).writeResourceGroup(call.subscription.id, { name, location, tags, managedBy }),
      );
      call.reply.code(r.created ? 201 : 200);
      return groupView(r.entity);
    },
  }),
  operation<ApiProfile, ResourceGroup, GroupPatch>({
    id: "ResourceGroups_Update",
    method: "PATCH",
    path: GROUP,
    apiVersions: resourcesApiVersions,
    authorize: { action: WRITE, scope: groupScope },
    resource: existingGroup,
    body: { typeName: "ResourceGroupPatchable", validate: validatePatch },
    async handle(call) {
      const g = call.resource!;
      const r = await call.ctx.store.transaction((tx) =>
        new ResourceService(tx, call.ctx.now).writeResourceGroup(call.subscription.id, {
          name: g.name,
          location: g.location,
          tags: "tags" in call.body ? call.body.tags : g.tags,
          managedBy: "managedBy" in call.body ? call.body.managedBy : g.managedBy,
        }),
      );
      return groupView(r.entity);
    },
  }),
  operation({
    id: "ResourceGroups_Delete",
    method: "DELETE",
    path: GROUP,
    apiVersions: resourcesApiVersions,
    authorize: { action: "Microsoft.Resources/subscriptions/resourceGroups/delete", scope: groupScope },
    resource: existingGroup,
    async handle(call) {
      // Deleted before the answer, with everything in it; the 202 and its polling URL are what
      // clients wait on [R: 202, Location, Retry-After 0], and the first poll answers 200.
      const g = call.resource!;
      await call.ctx.store.transaction((tx) => new ResourceService(tx, call.ctx.now).deleteResourceGroup(g.subscriptionId, g.name));
      const location = `${requestOrigin(call.req)}/subscriptions/${g.subscriptionId}/operationresults/${await deletionToken(call, g)}?api-version=${call.profile.version}`;
      return call.reply.code(202).headers({ location, "retry-after": "0" }).send();
    },
  }),
  operation({
    id: "ResourceGroups_DeletionStatus",
    method: "GET",
    path: "/subscriptions/:subscriptionId/operationresults/:operationId",
    apiVersions: resourcesApiVersions,
    authorize: { action: "Microsoft.Resources/subscriptions/operationresults/read", scope: subscriptionScope },
    async handle(call) {
      const token = call.params["operationId"]!;
      if (!(await readDeletionToken(call, token))) throw resourcesErrors.operationNotFound(call.errors, token);
      // Done: 200 with no body [R]; `@azure/arm-resources` 8 refuses a 204 here [V].
      return call.reply.code(200).send();
    },
  }),
];
