import { fileURLToPath } from "node:url";

/**
 * The package's root directory. This module sits one level below it in every form Lazurite runs
 * in (src/ under tsx, dist/ after tsc, and dist/lazurite.cjs, whose bundle gives every module the
 * bundle's own URL): modules deeper in the tree must not count levels from their own URL.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL("../", import.meta.url));
