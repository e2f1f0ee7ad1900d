// PostgreSQL URLs as the CLI and the store see them, apart from postgres-store.ts so that telling
// a URL apart does not load pg (which is imported only when a database is named).

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The URL with its password hidden, for logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|key/i.test(k)) u.searchParams.set(k, "***");
    return u.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}
