import type { Collections } from "./store.js";

/** The Collections half of a Store, delegating to the collections a dialect builds. */
export abstract class CollectionAccess implements Collections {
  protected abstract readonly collections: Collections;

  get tenants() {
    return this.collections.tenants;
  }
  get applications() {
    return this.collections.applications;
  }
  get users() {
    return this.collections.users;
  }
  get subscriptions() {
    return this.collections.subscriptions;
  }
  get resourceGroups() {
    return this.collections.resourceGroups;
  }
  get videoIndexerAccounts() {
    return this.collections.videoIndexerAccounts;
  }
  get faceResources() {
    return this.collections.faceResources;
  }
  get roleAssignments() {
    return this.collections.roleAssignments;
  }
  get signingKeys() {
    return this.collections.signingKeys;
  }
  get settings() {
    return this.collections.settings;
  }
  get livenessSessions() {
    return this.collections.livenessSessions;
  }
  get livenessSessionImages() {
    return this.collections.livenessSessionImages;
  }
  get providerRegistrations() {
    return this.collections.providerRegistrations;
  }
  get faultRules() {
    return this.collections.faultRules;
  }
}
