import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Files from outside the repository some tests read: the official OpenAPI specs (conformance
 * checks with oav, spec examples as fixtures) and real service recordings (parity tests). By
 * default they are looked for in `../shared/` beside the repository; LAZURITE_SPECS_DIR and
 * LAZURITE_RECORDINGS_DIR point elsewhere. Without them those tests are skipped, with the reason.
 */
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A folder laid out like `specification/` of Azure/azure-rest-api-specs. */
export const SPECS_DIR = resolve(process.env.LAZURITE_SPECS_DIR ?? resolve(REPO, "../shared/specs/specification"));
/** A folder laid out like Azure/azure-sdk-assets' recordings (see docs/face.md). */
export const RECORDINGS_DIR = resolve(process.env.LAZURITE_RECORDINGS_DIR ?? resolve(REPO, "../shared/recordings"));

/** For `{ skip: specsSkip }`: false when the spec files are there, else why the test cannot run. */
export const specsSkip: string | false = existsSync(SPECS_DIR)
  ? false
  : `official spec files not found at ${SPECS_DIR}: set LAZURITE_SPECS_DIR to a copy of azure-rest-api-specs' specification/ folder (docs/sources.md#specifications)`;

export const recordingsSkip: string | false = existsSync(RECORDINGS_DIR)
  ? false
  : `service recordings not found at ${RECORDINGS_DIR}: set LAZURITE_RECORDINGS_DIR (docs/sources.md)`;
