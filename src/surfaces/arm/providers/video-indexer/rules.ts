import type { ArmErrors } from "../../errors.js";
import { armErrorsFor } from "../../errors.js";
import type { ViApiVersion } from "./api-versions.js";

/**
 * What the Video Indexer resource provider checks in paths and bodies. The spec states the
 * schemas; everything beyond them (cross-field rules, codes, messages) is Lazurite's choice
 * [U] and listed in docs/video-indexer.md#request-validation:
 *
 * - every failure is HTTP 400, code `InvalidParameter`, with `target` naming the property
 *   (dotted path for nested ones) in the common-types v5 envelope; versions with the local error
 *   schema get the same code and message without `target` (the chain hands the validators the version's error factory);
 * - a missing required value: `Required parameter '{name}' is missing (null).` (the wording the
 *   Compute RP uses for the same code);
 * - a value outside an enum: `The value '{value}' is not valid for parameter '{name}'. Allowed values are: {list}.`
 *   Enum values are matched ignoring case, as Json.NET's StringEnumConverter does, and answered in
 *   their canonical casing;
 * - unknown body properties are ignored (Json.NET's default).
 */

// ---- path -----------------------------------------------------------------------------------

const LEGACY_NAME = /^[a-z0-9]+(-[a-z0-9]+)*/; // [S] 2021 previews: not anchored at the end, so only the start is checked
const CURRENT_NAME = /^[A-Za-z0-9-]+$/; // [S] 2022-04-13-preview and later

/** Why `name` breaks the version's accountName rule, or undefined when it is fine. */
export function accountNameProblem(name: string, p: ViApiVersion): string | undefined {
  if (p.accountName === "legacy") {
    if (name.length > 50 || !LEGACY_NAME.test(name)) {
      return `The account name '${name}' is invalid. It must be at most 50 characters long and start with lower-case letters or digits (groups of them may be joined by single hyphens).`;
    }
    return undefined;
  }
  if (name.length < 3 || name.length > 50 || !CURRENT_NAME.test(name)) {
    return `The account name '${name}' is invalid. It must be 3 to 50 characters long and contain only letters, digits and hyphens.`;
  }
  return undefined;
}

export function checkAccountName(name: string, p: ViApiVersion): void {
  const problem = accountNameProblem(name, p);
  if (problem) throw armErrorsFor(p.errorSchema).invalidResourceName(problem, "accountName");
}

// ---- helpers --------------------------------------------------------------------------------

export type Body = Record<string, unknown>;

export const missing = (e: ArmErrors, name: string) => e.invalidParameter(`Required parameter '${name}' is missing (null).`, name);

export function shown(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function notAllowed(e: ArmErrors, name: string, value: unknown, allowed: readonly string[]) {
  return e.invalidParameter(
    `The value '${shown(value)}' is not valid for parameter '${name}'. Allowed values are: ${allowed.map((a) => `'${a}'`).join(", ")}.`,
    name,
  );
}

export function isObject(v: unknown): v is Body {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A required enum property, matched ignoring case; returns the canonical value. */
export function enumOf<T extends string>(e: ArmErrors, body: Body, name: string, allowed: readonly T[], target = name): T {
  const v = body[name];
  if (v === undefined || v === null || v === "") throw missing(e, target);
  const hit = typeof v === "string" ? allowed.find((a) => a.toLowerCase() === v.toLowerCase()) : undefined;
  if (!hit) throw notAllowed(e, target, v, allowed);
  return hit;
}

/** An optional string property; empty strings count as absent. */
/**
 * Every string of a body has a length limit [U: the spec states none]: what is signed into a token
 * or kept in the store stays small whatever a caller sends.
 */
export const MAX_STRING = 1024;

export function optionalString(e: ArmErrors, body: Body, name: string, target = name, maxLength = MAX_STRING): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string")
    throw e.invalidParameter(`The value '${shown(v)}' is not valid for parameter '${name}'. It must be a string.`, target);
  if (v.length > maxLength) throw tooLong(e, target, maxLength);
  return v;
}

export const tooLong = (e: ArmErrors, target: string, maxLength: number) =>
  e.invalidParameter(`The value of parameter '${target}' is too long: at most ${maxLength} characters are allowed.`, target);
