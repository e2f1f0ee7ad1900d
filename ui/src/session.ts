/**
 * The admin token, kept for this tab only: in memory, and in sessionStorage so a reload does not
 * sign out. Never in a URL, a cookie or localStorage; signing out or closing the tab forgets it.
 */
const KEY = "lazurite.adminToken";

let token: string | undefined = read();
let reason: string | undefined;
const listeners = new Set<() => void>();

function read(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: memory only
  }
}

function changed(): void {
  for (const l of listeners) l();
}

export function adminToken(): string | undefined {
  return token;
}

export function signIn(value: string): void {
  token = value;
  reason = undefined;
  try {
    sessionStorage.setItem(KEY, value);
  } catch {
    // storage disabled: memory only
  }
  changed();
}

/** Forgets the token; `why` is shown on the sign-in form (a refused token, a sign-out). */
export function signOut(why?: string): void {
  token = undefined;
  reason = why;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
  changed();
}

export function signOutReason(): string | undefined {
  return reason;
}

export function onSessionChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
