import { useEffect, useState } from "preact/hooks";

export const BASE = "/_lazurite/ui/";

export interface Page {
  /** Path under BASE ("" for the overview). */
  path: string;
  title: string;
}

export const PAGES: readonly Page[] = [
  { path: "", title: "Overview" },
  { path: "resources", title: "Resources" },
  { path: "roles", title: "Role assignments" },
  { path: "requests", title: "Requests" },
  { path: "tokens", title: "Tokens" },
  { path: "liveness", title: "Liveness sessions" },
  { path: "faults", title: "Faults" },
];

const current = (): string =>
  location.pathname.toLowerCase().startsWith(BASE) ? location.pathname.slice(BASE.length).replace(/\/+$/, "") : "";

const listeners = new Set<() => void>();

/** Client-side navigation: every page is the same shell (the server answers it for any path under BASE). */
export function navigate(path: string): void {
  if (path === current()) return;
  history.pushState(null, "", BASE + path);
  for (const l of listeners) l();
}

export function usePath(): string {
  const [path, setPath] = useState(current);
  useEffect(() => {
    const update = () => setPath(current());
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return path;
}
