/** Name rules for ARM resources Lazurite stores (shared by the config file, the admin API and ARM). */

/** common-types v5 ResourceGroupNameParameter, plus ARM's rule that a name cannot end in a period. */
export const RESOURCE_GROUP_NAME = /^[-\w._()]{1,90}$/u;
export function isResourceGroupName(v: string): boolean {
  return RESOURCE_GROUP_NAME.test(v) && !v.endsWith(".");
}

/** vi.json (2025-01-01 and later) AccountNameParameter. */
export const VI_ACCOUNT_NAME = /^[A-Za-z0-9-]{3,50}$/;

/**
 * Cognitive Services custom subdomain: it becomes a DNS label, so letters, digits and hyphens,
 * 2 to 64 characters, starting and ending with a letter or digit.
 */
export const FACE_RESOURCE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])$/;

/** ARM resource id of a role assignment scope: a subscription, a resource group, or a resource. */
export const SCOPE_ID =
  /^\/subscriptions\/[0-9a-fA-F-]{36}(?:\/resourceGroups\/[-\w._()]{1,90}(?:\/providers\/[A-Za-z0-9.]+\/[A-Za-z0-9]+\/[^/]+(?:\/[A-Za-z0-9]+\/[^/]+)*)?)?$/u;
