import { mkdirSync } from "node:fs";
import { DEV } from "../../src/config/dev-defaults.js";
import { guidFromName } from "../../src/model/ids.js";
import { openStore } from "../../src/store/open-store.js";

/**
 * Writes `accounts` extra Video Indexer accounts and `faceResources` extra Face resources (each with
 * its own keys) into the dev resource group, straight into the store, for the flat-cost scenarios.
 */
export async function seedAccounts(opts: { location: string }, accounts: number, faceResources = 0): Promise<void> {
  mkdirSync(opts.location, { recursive: true, mode: 0o700 });
  const store = await openStore({ location: opts.location, inMemory: false });
  const now = new Date().toISOString();
  try {
    await store.transaction(async (tx) => {
      for (let i = 0; i < accounts; i++) {
        const name = `bench-${i}`;
        await tx.videoIndexerAccounts.insert({
          subscriptionId: DEV.subscriptionId,
          resourceGroup: DEV.resourceGroup,
          name,
          location: DEV.location,
          accountId: guidFromName("bench", name),
          systemData: { createdAt: now, lastModifiedAt: now },
        });
      }
      for (let i = 0; i < faceResources; i++) {
        const key = (n: number) => `${String(i).padStart(8, "0")}${"b".repeat(23)}${n}`;
        await tx.faceResources.insert({
          subscriptionId: DEV.subscriptionId,
          resourceGroup: DEV.resourceGroup,
          name: `bench-face-${i}`,
          location: DEV.location,
          keys: [key(1), key(2)],
        });
      }
    });
  } finally {
    await store.close();
  }
}
