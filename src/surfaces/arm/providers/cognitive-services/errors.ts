import type { ArmErrors } from "../../errors.js";

/**
 * Microsoft.CognitiveServices' own errors, in the request's envelope (docs/resource-manager.md#errors
 * lists each with its source). [O] = seen in real answers quoted in public issues; [U] = Lazurite's.
 */
export const csErrors = {
  /** [O] microsoft/microsoft-foundry-for-vscode#145: a kind that is not served. */
  invalidKind: (e: ArmErrors, kind: string) =>
    e.make(400, "InvalidApiSetId", `The account type '${kind}' is either invalid or unavailable in given region.`),
  /** [O] code and text for a SKU the subscription cannot use (Azure-Samples issues, AZD sources). */
  skuNotAvailable: (e: ArmErrors, sku: string, kind: string) =>
    e.make(
      400,
      "SpecialFeatureOrQuotaIdRequired",
      `The subscription does not have QuotaId/Feature required by SKU '${sku}' from kind '${kind}' or contains blocked QuotaId/Feature.`,
    ),
  /** [O] microsoft-foundry-for-vscode#107 (the Learn link in it is redacted there; Lazurite's is the custom-subdomains page). */
  customDomainInUse: (e: ArmErrors, sub: string) =>
    e.make(
      409,
      "CustomDomainInUse",
      `Please pick a different name. The subdomain name '${sub}' is not available as it's already used by a resource. If the resource using the name was deleted in the last 48 hours, you may need to purge the deleted resource. Learn more at "https://aka.ms/cogsvc-customsubdomain"`,
    ),
  /** [U] A custom subdomain cannot change once set [D: Learn, custom subdomains]. */
  customDomainImmutable: (e: ArmErrors, current: string) =>
    e.make(
      400,
      "CustomDomainNameCannotBeChanged",
      `The custom subdomain name of this account is '${current}' and cannot be changed.`,
      "properties.customSubDomainName",
    ),
  /** [U] text; the rule is the DNS-label rule custom subdomains follow. */
  invalidSubdomain: (e: ArmErrors, sub: string) =>
    e.make(
      400,
      "InvalidCustomSubDomainName",
      `The custom subdomain name '${sub}' is invalid. It must be 2 to 64 letters, digits or hyphens, and start and end with a letter or digit.`,
      "properties.customSubDomainName",
    ),
  /** [O] Azure/azure-rest-api-specs#22395: checkSkuAvailability without skus. */
  valueCannotBeNull: (e: ArmErrors, parameter: string) => e.make(400, "BadRequest", `Value cannot be null. (Parameter '${parameter}')`),
  /** [U] An account name outside the spec's pattern (2–64, `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$` [S]). */
  invalidAccountName: (e: ArmErrors, name: string) =>
    e.make(
      400,
      "InvalidResourceName",
      `The account name '${name}' is invalid. It must be 2 to 64 characters long, start with a letter or digit, and contain only letters, digits, '_', '.' and '-'.`,
      "accountName",
    ),
  /** [U] A polling URL this server did not issue. */
  operationNotFound: (e: ArmErrors, id: string) => e.make(404, "NotFound", `The operation '${id}' was not found.`),
};
