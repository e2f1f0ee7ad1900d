import type { ArmErrors } from "../../errors.js";

/**
 * Microsoft.Resources' own errors, in the request's envelope. Texts marked [O] were seen in real
 * ARM answers quoted in public issues (docs/resource-manager.md#errors names each source); [U]
 * texts are Lazurite's.
 */
export const resourcesErrors = {
  /** [O] microsoft/microsoft-foundry-for-vscode#53 (the characters are listed between the quotes). */
  invalidResourceGroupName: (e: ArmErrors, name: string) => {
    const bad = [...new Set([...name].filter((c) => !/[-\w.()]/u.test(c)))].join("");
    const why = bad
      ? `has these invalid characters: '${bad}'`
      : name.endsWith(".")
        ? "ends with a period"
        : `is ${name.length === 0 ? "empty" : "longer than 90 characters"}`;
    return e.make(
      400,
      "InvalidResourceGroup",
      `The provided resource group name '${name}' ${why}. The name can only be a letter, digit, '-', '.', '(', ')' or '_'. For more details, visit https://aka.ms/ARMResourceGroupNames.`,
    );
  },
  /** [O] Azure/azure-cli#22242, trailofbits/algo#1814 (409). */
  invalidResourceGroupLocation: (e: ArmErrors, requested: string, existing: string) =>
    e.make(
      409,
      "InvalidResourceGroupLocation",
      `Invalid resource group location '${requested}'. The Resource group already exists in location '${existing}'.`,
    ),
  /** [O] microsoft/vscode-azureresourcegroups#33 (text); [U] code and status. */
  locationNotAvailableForResourceGroup: (e: ArmErrors, location: string, regions: readonly string[]) =>
    e.make(
      400,
      "LocationNotAvailableForResourceGroup",
      `The provided location '${location}' is not available for resource group. List of available regions is '${regions.join(",")}'.`,
    ),
  /** [O] Azure/aci-connector-k8s#13 (text); 404 as tools treat it as not-found [O turbot/steampipe-plugin-azure]. */
  invalidResourceNamespace: (e: ArmErrors, namespace: string) =>
    e.make(404, "InvalidResourceNamespace", `The resource namespace '${namespace}' is invalid.`),
  /** [O] code (third-party ARM clients handle it for malformed filters); [U] text. */
  invalidFilter: (e: ArmErrors, filter: string, why: string) =>
    e.make(400, "InvalidFilterInQueryString", `Invalid $filter '${filter}' specified in the query string: ${why}.`),
  /** [U] `$top` outside 1..1000. */
  invalidTop: (e: ArmErrors, top: string) =>
    e.make(
      400,
      "InvalidTopInQueryString",
      `The value '${top}' of the $top query parameter is not valid. It must be an integer between 1 and 1000.`,
    ),
  /** [U] a polling URL this server did not issue. */
  operationNotFound: (e: ArmErrors, id: string) => e.make(404, "NotFound", `The operation '${id}' was not found.`),
};
