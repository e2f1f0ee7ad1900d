import { adminToken, signOut } from "./session";

/** A refused or failed call, in words a person can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }

  /** "The request is invalid. (400 InvalidRequest: principalId: not a GUID)". */
  get words(): string {
    const where = this.status ? `${this.status} ${this.code}` : this.code;
    return `${this.message} (${where}${this.details.length ? `: ${this.details.join("; ")}` : ""})`;
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Any error envelope Lazurite answers in: Lazurite's, ARM's and Face's `{error:{code,message}}`, OAuth's `{error, error_description}`, App Service's `{message}`. */
export async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  let code = `HTTP ${res.status}`;
  let message = res.statusText || "The server refused the request.";
  let details: string[] = [];
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const e = j.error;
    if (typeof e === "object" && e !== null) {
      const o = e as Record<string, unknown>;
      code = str(o.code) ?? code;
      message = str(o.message) ?? message;
      if (Array.isArray(o.details)) details = o.details.filter((d): d is string => typeof d === "string");
    } else if (typeof e === "string") {
      code = e;
      message = str(j.error_description)?.split(/\r?\n/)[0] ?? message;
    } else if (str(j.message)) {
      message = str(j.message)!;
    }
  } catch {
    if (text) message = text.slice(0, 300);
  }
  return new ApiError(res.status, code, message, details);
}

/** fetch, with a network failure and any non-2xx answer turned into an ApiError. */
export async function call(url: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store", credentials: "omit", ...init });
  } catch (e) {
    throw new ApiError(0, "NetworkError", `Lazurite did not answer: ${e instanceof Error ? e.message : String(e)}.`);
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

export const ADMIN = "/_lazurite/admin";

/** One call to the documented admin API with the admin token; a refused token signs out. */
export async function admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const token = adminToken();
  if (!token) throw new ApiError(401, "NotSignedIn", "Sign in with the admin token first.");
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  try {
    const res = await call(`${ADMIN}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return (res.status === 204 ? undefined : await res.json()) as T;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) signOut(`The admin API refused the token: ${e.message}`);
    throw e;
  }
}

/** `{ value: [...] }` lists of the admin API. */
export async function list<T>(path: string): Promise<T[]> {
  return (await admin<{ value: T[] }>("GET", path)).value;
}

export const enc = encodeURIComponent;
