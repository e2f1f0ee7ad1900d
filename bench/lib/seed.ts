import { mkdirSync } from "node:fs";
import { DEV } from "../../src/config/dev-defaults.js";
import { guidFromName } from "../../src/model/ids.js";
import { openStore } from "../../src/store/open-store.js";

/** Writes `n` extra Video Indexer accounts into the dev resource group, straight into the store. */
export async function seedAccounts(opts: { location: string }, n: number): Promise<void> {
  mkdirSync(opts.location, { recursive: true, mode: 0o700 });
  const store = await openStore({ location: opts.location, inMemory: false });
  const now = new Date().toISOString();
  try {
    await store.transaction(async (tx) => {
      for (let i = 0; i < n; i++) {
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
    });
  } finally {
    await store.close();
  }
}
