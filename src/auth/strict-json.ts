/**
 * Whether a JSON text has an object with the same member name twice. JSON.parse keeps the last
 * one silently; a JWT whose header or claims do that is refused, as strict parsers refuse it
 * (RFC 7519 §4: "MUST either reject JWTs with duplicate Claim Names or use a JSON parser that
 * returns only the lexically last duplicate"; Lazurite rejects). Names are compared after
 * unescaping, so `"a"` and `"\u0061"` are the same name. The text is assumed to be valid JSON
 * (JSON.parse decides that); on anything else the answer is only "no duplicates found".
 */
export function hasDuplicateKeys(text: string): boolean {
  const stack: (Set<string> | null)[] = []; // a Set per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) {
          escaped = true;
          j++;
        } else if (d === 0x22) break;
      }
      if (expectKey) {
        const raw = text.slice(i + 1, j);
        let name = raw;
        if (escaped) {
          try {
            name = JSON.parse(`"${raw}"`) as string;
          } catch {
            return false;
          }
        }
        const keys = stack[stack.length - 1];
        if (keys) {
          if (keys.has(name)) return true;
          keys.add(name);
        }
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return false;
}
