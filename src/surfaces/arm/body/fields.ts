import type { ArmErrors } from "../errors.js";

/**
 * Field checks every ARM provider's bodies share: tags (ARM's own limits) and bounded strings.
 * Codes and texts are Lazurite's [U] unless marked (docs/resource-manager.md#errors); the limits
 * are ARM's documented ones [D: "Use tags to organize your Azure resources", Limitations].
 */
export type Body = Record<string, unknown>;

export function isObject(v: unknown): v is Body {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export const MAX_TAGS = 50;
export const MAX_TAG_NAME = 512;
export const MAX_TAG_VALUE = 256;

/** `tags`: an object of strings within ARM's limits; undefined when absent or null. */
export function tagsOf(e: ArmErrors, v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw e.invalidParameter("The value of parameter 'tags' is not valid. It must be an object whose values are strings.", "tags");
  }
  const entries = Object.entries(v as Record<string, string>);
  if (entries.length > MAX_TAGS) {
    throw e.make(400, "InvalidTagCount", `The number of tags (${entries.length}) exceeds the limit of ${MAX_TAGS}.`, "tags");
  }
  for (const [k, val] of entries) {
    if (k.length === 0 || k.length > MAX_TAG_NAME) {
      throw e.make(400, "InvalidTagNameLength", `The tag name '${k.slice(0, 64)}' must be 1 to ${MAX_TAG_NAME} characters long.`, "tags");
    }
    if (/[<>%&\\?/]/.test(k)) {
      throw e.make(
        400,
        "InvalidTagNameCharacters",
        `The tag name '${k.slice(0, 64)}' has characters that are not allowed: <, >, %, &, \\, ?, /.`,
        "tags",
      );
    }
    if (val.length > MAX_TAG_VALUE) {
      throw e.make(
        400,
        "InvalidTagValueLength",
        `The value of tag '${k.slice(0, 64)}' is longer than ${MAX_TAG_VALUE} characters.`,
        "tags",
      );
    }
  }
  return Object.fromEntries(entries);
}

/** A string property of at most `max` characters; undefined when absent, null or empty. */
export function stringOf(e: ArmErrors, b: Body, name: string, max: number, target = name): string | undefined {
  const v = b[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") {
    throw e.invalidParameter(`The value '${JSON.stringify(v)}' is not valid for parameter '${target}'. It must be a string.`, target);
  }
  if (v.length > max) throw e.invalidParameter(`The value of parameter '${target}' is longer than ${max} characters.`, target);
  return v;
}

/** A required property that was missing. */
export const missingParameter = (e: ArmErrors, name: string) => e.invalidParameter(`Required parameter '${name}' is missing (null).`, name);
