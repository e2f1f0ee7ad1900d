import type { RequestTarget, Surface } from "../core/surface.js";
import { adminSurface } from "../surfaces/admin/index.js";
import { armSurface } from "../surfaces/arm/index.js";
import { entraSurface } from "../surfaces/entra/index.js";
import { faceSurface } from "../surfaces/face/index.js";
import { identitySurface } from "../surfaces/identity/index.js";
import { internalSurface } from "../surfaces/internal/index.js";
import { metricsSurface } from "../surfaces/metrics/index.js";
import { uiSurface } from "../surfaces/ui/index.js";

/**
 * The surfaces this server is made of, in the order they are asked whether a request is theirs.
 * Entra's paths start with any tenant segment, so it comes last and takes the rest; the dashboard
 * (/_lazurite/ui) comes before the internal surface, which takes the rest of /_lazurite/.
 * Adding a surface: a folder under src/surfaces/ exporting a `Surface`, and one line here.
 */
export const SURFACES: readonly Surface[] = [
  adminSurface,
  metricsSurface,
  uiSurface,
  internalSurface,
  armSurface,
  identitySurface,
  faceSurface,
  entraSurface,
];

/** Normalises a raw URL and Host header into what surfaces decide ownership on. */
export function requestTarget(rawUrl: string, host: string | undefined): RequestTarget {
  let path = rawUrl.split("?", 1)[0]!.replace(/\/{2,}/g, "/");
  // `/%5flazurite/admin` is `/_lazurite/admin`: decide on what the router will see.
  if (path.includes("%")) {
    try {
      path = decodeURIComponent(path);
    } catch {
      // not valid percent-encoding: keep it as it is; the router refuses it in the same surface
    }
  }
  return { path: path.toLowerCase(), host: (host ?? "").replace(/:\d+$/, "").toLowerCase() };
}

const BY_HOST = SURFACES.filter((s) => s.ownsHost !== undefined);

/** The surface a request belongs to: by its host when that is one of Azure's, else by its path. */
export function surfaceFor(target: RequestTarget): Surface {
  if (target.host.includes(".")) for (const s of BY_HOST) if (s.ownsHost!(target.host)) return s;
  return SURFACES.find((s) => s.owns(target)) ?? entraSurface;
}

/** The name of the surface a URL belongs to (for tests and logs). */
export function surfaceOf(rawUrl: string, host?: string): string {
  return surfaceFor(requestTarget(rawUrl, host)).name;
}
