import { aadErrors, type AadErrorContext } from "./errors.js";

/**
 * A parameter longer than this is refused [U: Entra's limits are undocumented]; the longest real
 * one is a client assertion (a few KB), and the whole body is limited to 256 KB.
 */
export const MAX_PARAMETER_LENGTH = 32 * 1024;

/** The parameters of a token request (`application/x-www-form-urlencoded`), each at most once. */
export interface ParsedForm {
  values: ReadonlyMap<string, string>;
  /** The first parameter that appeared more than once, which Entra refuses (AADSTS9000411). */
  duplicate?: string | undefined;
}

/** Parses a form body; names are case-sensitive, as in OAuth. Never throws. */
export function parseFormBody(body: string): ParsedForm {
  const values = new Map<string, string>();
  let duplicate: string | undefined;
  for (const [name, value] of new URLSearchParams(body)) {
    if (values.has(name)) duplicate ??= name;
    else values.set(name, value);
  }
  return { values, duplicate };
}

/**
 * A validated token request form. Empty values count as absent, as they do for Entra
 * (`client_id=` gets the same AADSTS900144 as no `client_id`). Fields this server does not use
 * (`claims`, `x-client-*`, telemetry, `client_info`, `response_type`…) are simply never read.
 */
export class TokenForm {
  private constructor(
    private readonly values: ReadonlyMap<string, string>,
    private readonly c: AadErrorContext,
  ) {}

  static parse(body: string, c: AadErrorContext): TokenForm {
    const parsed = parseFormBody(body);
    if (parsed.duplicate !== undefined) throw aadErrors.duplicateParameter(c, parsed.duplicate);
    for (const [name, value] of parsed.values) if (value.length > MAX_PARAMETER_LENGTH) throw aadErrors.parameterTooLong(c, name);
    return new TokenForm(parsed.values, c);
  }

  get(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined || v === "" ? undefined : v;
  }

  require(name: string): string {
    const v = this.get(name);
    if (v === undefined) throw aadErrors.missingParameter(this.c, name);
    return v;
  }
}
