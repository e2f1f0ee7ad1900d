import type { ProviderRegistration } from "../../../../model/entities.js";
import { ResourceService } from "../../../../resources/resource-service.js";
import { keyOf } from "../../../../store/collections.js";
import { operation, type ArmCall, type ArmProviderInfo } from "../../chain/operation.js";
import { findRegion } from "../../locations.js";
import { resourcesApiVersions } from "./api-versions.js";
import { subscriptionScope } from "./common.js";
import { resourcesErrors } from "./errors.js";

/**
 * Resource providers (`resources.json` Providers_*): the namespaces Lazurite serves, as the ARM
 * surface's providers declare them, with each subscription's registration state. Providers that
 * require registration start Registered [U: a new Azure subscription has few], so that tools which
 * check registration proceed; unregistering one makes its writes answer MissingSubscriptionRegistration
 * until it is registered again (docs/resource-manager.md#providers).
 */

const NS = "/subscriptions/:subscriptionId/providers/:resourceProviderNamespace";

/** The provider a namespace names (ignoring case), from the surface's catalog. */
export function findProvider(call: ArmCall, namespace: string): ArmProviderInfo | undefined {
  return call.catalog.find((p) => p.namespace.toLowerCase() === namespace.toLowerCase());
}

async function stateOf(call: ArmCall, p: ArmProviderInfo): Promise<ProviderRegistration["state"]> {
  if (p.registrationPolicy !== "RegistrationRequired") return "Registered";
  const r = await call.ctx.store.providerRegistrations.get(keyOf.providerRegistration(call.subscription.id, p.namespace));
  return r?.state ?? "Registered";
}

function providerView(p: ArmProviderInfo, subscriptionId: string | undefined, state?: ProviderRegistration["state"]) {
  return {
    id: `${subscriptionId ? `/subscriptions/${subscriptionId}` : ""}/providers/${p.namespace}`,
    namespace: p.namespace,
    ...(state ? { registrationState: state, registrationPolicy: p.registrationPolicy ?? "RegistrationFree" } : {}),
    resourceTypes: (p.resourceTypes ?? []).map((t) => ({
      resourceType: t.resourceType,
      // Providers_Get lists display names ("West US 2") [S example].
      locations: t.locations.map((l) => findRegion(l)?.displayName ?? l),
      apiVersions: [...t.apiVersions].reverse(), // newest first, as ARM lists them [S example]
      ...(t.capabilities ? { capabilities: t.capabilities } : {}),
    })),
  };
}

const existingProvider = {
  load: async (call: ArmCall) => findProvider(call, call.params["resourceProviderNamespace"]!),
  notFound: (call: ArmCall) => resourcesErrors.invalidResourceNamespace(call.errors, call.params["resourceProviderNamespace"]!),
};

/** Register or unregister: `{namespace}/register/action` over the subscription [D: the permission pages list these actions]. */
function registration(verb: "register" | "unregister") {
  return operation({
    id: verb === "register" ? "Providers_Register" : "Providers_Unregister",
    method: "POST",
    path: `${NS}/${verb}`,
    apiVersions: resourcesApiVersions,
    authorize: {
      action: (call) =>
        `${findProvider(call, call.params["resourceProviderNamespace"]!)?.namespace ?? call.params["resourceProviderNamespace"]}/${verb}/action`,
      scope: subscriptionScope,
    },
    resource: existingProvider,
    // The optional ProviderRegistrationRequest (third-party consent) changes nothing here.
    body: { typeName: "ProviderRegistrationRequest", validate: () => undefined },
    async handle(call) {
      const p = call.resource!;
      if (p.registrationPolicy === "RegistrationRequired") {
        // Registration takes effect at once [U: ARM answers Registering and flips later; the Azure CLI polls until Registered].
        await new ResourceService(call.ctx.store, call.ctx.now).setProviderRegistration(
          call.subscription.id,
          p.namespace,
          verb === "register" ? "Registered" : "NotRegistered",
        );
      }
      return providerView(p, call.subscription.id, await stateOf(call, p));
    },
  });
}

export const providerOperations = [
  operation({
    id: "Providers_List",
    method: "GET",
    path: "/subscriptions/:subscriptionId/providers",
    apiVersions: resourcesApiVersions,
    authorize: { action: "Microsoft.Resources/subscriptions/providers/read", scope: subscriptionScope },
    async handle(call) {
      const value = [];
      for (const p of call.catalog) value.push(providerView(p, call.subscription.id, await stateOf(call, p)));
      return { value };
    },
  }),
  operation({
    id: "Providers_Get",
    method: "GET",
    path: NS,
    apiVersions: resourcesApiVersions,
    authorize: { action: "Microsoft.Resources/subscriptions/providers/read", scope: subscriptionScope },
    resource: existingProvider,
    handle: async (call) => providerView(call.resource!, call.subscription.id, await stateOf(call, call.resource!)),
  }),
  registration("register"),
  registration("unregister"),
  operation({
    id: "Providers_ListAtTenantScope",
    method: "GET",
    path: "/providers",
    apiVersions: resourcesApiVersions,
    handle: async (call) => ({ value: call.catalog.map((p) => providerView(p, undefined)) }),
  }),
  operation({
    id: "Providers_GetAtTenantScope",
    method: "GET",
    path: "/providers/:resourceProviderNamespace",
    apiVersions: resourcesApiVersions,
    resource: existingProvider,
    handle: async (call) => providerView(call.resource!, undefined),
  }),
];
