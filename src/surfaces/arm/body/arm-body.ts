import { armErrors, type ArmErrors } from "../errors.js";
import { JsonNetError, parseJsonNet } from "./json-net-reader.js";

/**
 * An ARM request body as an object, or `undefined` when there is none (no body, empty body, or a
 * JSON `null`, which Json.NET deserialises to no object). `typeName` is the .NET-ish type name
 * Json.NET would name when the root is not an object (the spec's definition name).
 */
export function parseArmBody(raw: unknown, typeName: string, errors: ArmErrors = armErrors): Record<string, unknown> | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : typeof raw === "string" ? raw : JSON.stringify(raw);
  let parsed: ReturnType<typeof parseJsonNet>;
  try {
    parsed = parseJsonNet(text);
  } catch (e) {
    if (e instanceof JsonNetError) throw errors.invalidRequestContent(e.message);
    throw e;
  }
  if (parsed === undefined || parsed.value === null) return undefined;
  const { value, line, position } = parsed;
  if (Array.isArray(value)) {
    throw errors.invalidRequestContent(
      `Cannot deserialize the current JSON array (e.g. [1,2,3]) into type '${typeName}' because the type requires a JSON object (e.g. {"name":"value"}) to deserialize correctly.\r\n` +
        `To fix this error either change the JSON to a JSON object (e.g. {"name":"value"}) or change the deserialized type to an array or a type that implements a collection interface (e.g. ICollection, IList) like List<T> that can be deserialized from a JSON array. JsonArrayAttribute can also be added to the type to force it to deserialize from a JSON array.\r\n` +
        `Path '', line 1, position 1.`,
    );
  }
  if (typeof value !== "object") {
    const shown = typeof value === "string" ? `"${value}"` : JSON.stringify(value);
    throw errors.invalidRequestContent(
      `Error converting value ${shown} to type '${typeName}'. Path '', line ${line}, position ${position}.`,
    );
  }
  return value as Record<string, unknown>;
}
