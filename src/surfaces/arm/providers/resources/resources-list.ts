import { FACE_RESOURCE_TYPE, faceResourceId, VI_ACCOUNT_TYPE, viAccountId } from "../../../../core/azure.js";
import type { FaceResource, VideoIndexerAccount } from "../../../../model/entities.js";
import { canon } from "../../../../model/ids.js";
import { operation, type ArmCall } from "../../chain/operation.js";
import { resourcesApiVersions } from "./api-versions.js";
import { groupScope, queryParam, subscriptionScope, topOf } from "./common.js";
import { resourcesErrors } from "./errors.js";
import { FilterError, matchesFilter, parseFilter } from "./filter.js";

/**
 * Resources_List and Resources_ListByResourceGroup: every resource Lazurite keeps (Video Indexer
 * accounts and Face / Cognitive Services accounts) as GenericResourceExpanded, with `$filter`,
 * `$expand=createdTime,changedTime,provisioningState` and `$top` (docs/resource-manager.md#filters).
 */

interface Listed {
  id: string;
  name: string;
  type: string;
  resourceGroup: string;
  location: string;
  kind?: string;
  sku?: { name: string };
  tags?: Record<string, string> | undefined;
  createdTime?: string | undefined;
  changedTime?: string | undefined;
}

function fromFace(f: FaceResource): Listed {
  return {
    id: faceResourceId(f),
    name: f.name,
    type: FACE_RESOURCE_TYPE,
    resourceGroup: f.resourceGroup,
    location: f.location,
    kind: "Face",
    sku: { name: f.sku ?? "S0" },
    tags: f.tags,
    createdTime: f.dateCreated ?? f.systemData?.createdAt,
    changedTime: f.systemData?.lastModifiedAt,
  };
}

function fromVi(a: VideoIndexerAccount): Listed {
  return {
    id: viAccountId(a),
    name: a.name,
    type: VI_ACCOUNT_TYPE,
    resourceGroup: a.resourceGroup,
    location: a.location,
    tags: a.tags,
    createdTime: a.systemData.createdAt,
    changedTime: a.systemData.lastModifiedAt,
  };
}

const EXPANDABLE = new Set(["createdtime", "changedtime", "provisioningstate"]);

async function list(call: ArmCall, scope: { scope?: string; scopePrefix?: string }) {
  const filter = queryParam(call, "$filter");
  let terms;
  try {
    terms = filter ? parseFilter(filter) : [];
  } catch (e) {
    if (e instanceof FilterError) throw resourcesErrors.invalidFilter(call.errors, filter!, e.message);
    throw e;
  }
  const expand = new Set(
    (queryParam(call, "$expand") ?? "")
      .split(",")
      .map((x) => x.trim().toLowerCase())
      .filter((x) => EXPANDABLE.has(x)),
  );
  const top = topOf(call);
  const store = call.ctx.store;
  const all = [...(await store.videoIndexerAccounts.list(scope)).map(fromVi), ...(await store.faceResources.list(scope)).map(fromFace)]
    .filter((r) => matchesFilter({ ...r, location: r.location.replace(/\s+/g, "") }, terms))
    .sort((a, b) => canon(a.id).localeCompare(canon(b.id)));
  const value = all.slice(0, top ?? all.length).map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    ...(r.sku ? { sku: r.sku } : {}),
    ...(r.kind ? { kind: r.kind } : {}),
    location: r.location,
    ...(r.tags && Object.keys(r.tags).length > 0 ? { tags: r.tags } : {}),
    ...(expand.has("createdtime") && r.createdTime ? { createdTime: r.createdTime } : {}),
    ...(expand.has("changedtime") && r.changedTime ? { changedTime: r.changedTime } : {}),
    ...(expand.has("provisioningstate") ? { provisioningState: "Succeeded" } : {}),
  }));
  return { value };
}

export const resourceListOperations = [
  operation({
    id: "Resources_List",
    method: "GET",
    path: "/subscriptions/:subscriptionId/resources",
    apiVersions: resourcesApiVersions,
    authorize: { action: "Microsoft.Resources/subscriptions/resources/read", scope: subscriptionScope },
    handle: (call) => list(call, { scopePrefix: `${call.subscription.id}/` }),
  }),
  operation({
    id: "Resources_ListByResourceGroup",
    method: "GET",
    path: "/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName/resources",
    apiVersions: resourcesApiVersions,
    authorize: { action: "Microsoft.Resources/subscriptions/resourceGroups/resources/read", scope: groupScope },
    resourceGroup: true,
    handle: (call) => list(call, { scope: canon(`${call.subscription.id}/${call.resourceGroup.name}`) }),
  }),
];
