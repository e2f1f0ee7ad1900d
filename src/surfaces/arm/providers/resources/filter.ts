/**
 * ARM's OData `$filter` for resource lists, the subset Lazurite evaluates: comparisons
 * `name|resourceType|resourceGroup|location|tagName|tagValue eq '…'`, `substringof('…', name|resourceGroup)`,
 * joined by `and` (docs/resource-manager.md#filters). Anything else is refused rather than
 * ignored: an ignored filter would answer with everything. Values are single-quoted with `''`
 * for a quote, as in OData; names and keywords ignore case.
 */
export type FilterTerm =
  | { kind: "eq"; field: "name" | "resourcetype" | "resourcegroup" | "location" | "tagname" | "tagvalue"; value: string }
  | { kind: "substringof"; field: "name" | "resourcegroup"; value: string };

export class FilterError extends Error {}

const EQ_FIELDS = new Set(["name", "resourcetype", "resourcegroup", "location", "tagname", "tagvalue"]);
const SUBSTRING_FIELDS = new Set(["name", "resourcegroup"]);

/** Parses a filter into its `and`-joined terms; throws FilterError naming the problem. */
export function parseFilter(text: string): FilterTerm[] {
  if (text.length > 4096) throw new FilterError("the filter is longer than 4096 characters");
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const word = () => {
    ws();
    const m = /^[A-Za-z]+/.exec(text.slice(i));
    if (!m) throw new FilterError(`a name was expected at position ${i + 1}`);
    i += m[0].length;
    return m[0].toLowerCase();
  };
  const quoted = () => {
    ws();
    if (text[i] !== "'") throw new FilterError(`a quoted value was expected at position ${i + 1}`);
    let out = "";
    for (i++; ; i++) {
      if (i >= text.length) throw new FilterError("a quoted value is not closed");
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          out += "'";
          i++;
          continue;
        }
        i++;
        return out;
      }
      out += text[i];
    }
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) throw new FilterError(`'${c}' was expected at position ${i + 1}`);
    i++;
  };
  const terms: FilterTerm[] = [];
  for (;;) {
    const w = word();
    if (w === "substringof") {
      expect("(");
      const value = quoted();
      expect(",");
      const field = word();
      if (!SUBSTRING_FIELDS.has(field)) throw new FilterError(`substringof is not supported on '${field}'`);
      expect(")");
      terms.push({ kind: "substringof", field: field as "name" | "resourcegroup", value });
    } else {
      if (!EQ_FIELDS.has(w)) throw new FilterError(`filtering on '${w}' is not supported`);
      if (word() !== "eq") throw new FilterError(`only 'eq' is supported after '${w}'`);
      terms.push({ kind: "eq", field: w as Extract<FilterTerm, { kind: "eq" }>["field"], value: quoted() });
    }
    ws();
    if (i >= text.length) break;
    if (word() !== "and") throw new FilterError("terms can only be joined by 'and'");
  }
  if (terms.some((t) => t.kind === "eq" && t.field === "tagvalue") && !terms.some((t) => t.kind === "eq" && t.field === "tagname")) {
    throw new FilterError("tagValue needs a tagName");
  }
  return terms;
}

/** What a filter can look at in one item. */
export interface Filterable {
  name: string;
  type?: string;
  resourceGroup?: string;
  location?: string;
  tags?: Record<string, string> | undefined;
}

/** Whether `item` passes every term. Comparisons ignore case, except tag values (ARM keeps their case). */
export function matchesFilter(item: Filterable, terms: readonly FilterTerm[]): boolean {
  const eq = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  const tagName = terms.find((t) => t.kind === "eq" && t.field === "tagname")?.value;
  const tagValue = terms.find((t) => t.kind === "eq" && t.field === "tagvalue")?.value;
  for (const t of terms) {
    if (t.kind === "substringof") {
      const v = t.field === "name" ? item.name : item.resourceGroup;
      if (v === undefined || !v.toLowerCase().includes(t.value.toLowerCase())) return false;
    } else if (t.field === "name" && !eq(item.name, t.value)) return false;
    else if (t.field === "resourcetype" && !eq(item.type, t.value)) return false;
    else if (t.field === "resourcegroup" && !eq(item.resourceGroup, t.value)) return false;
    else if (t.field === "location" && !eq(item.location, t.value.replace(/\s+/g, ""))) return false;
  }
  if (tagName !== undefined) {
    const key = Object.keys(item.tags ?? {}).find((k) => k.toLowerCase() === tagName.toLowerCase());
    if (key === undefined) return false;
    if (tagValue !== undefined && item.tags![key] !== tagValue) return false;
  }
  return true;
}
