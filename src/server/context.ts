import type { SigningAlgorithm } from "../keys/algorithms.js";
import type { KeyService } from "../keys/key-service.js";
import type { Store } from "../store/store.js";

/** What every surface gets: the store, the keys, the clock and the settings that shape answers. */
export interface AppContext {
  store: Store;
  keys: KeyService;
  now: () => Date;
  adminToken: string;
  settings: RuntimeSettings;
}

export interface RuntimeSettings {
  /** Algorithm of Video Indexer and Face tokens (Entra ID always signs RS256, as the real one does). */
  tokenAlg: SigningAlgorithm;
  /** Region name ARM puts in x-ms-routing-request-id. */
  armRegion: string;
  /** PEM of the serving certificate, offered at /_lazurite/certificate for clients to trust. */
  certificatePem: string;
}
