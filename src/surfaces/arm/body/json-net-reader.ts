/**
 * ARM request bodies, parsed the way ARM and .NET resource providers parse them: with Json.NET.
 * A body that does not parse gets 400 InvalidRequestContent whose message embeds a Json.NET-style
 * reader message ("… Path 'x', line 1, position 7."), docs/arm.md#request-body.
 *
 * Json.NET is lenient and so is this parser: comments, single-quoted strings, unquoted property
 * names and trailing commas are accepted, as Json.NET accepts them. The messages reproduce the
 * Json.NET texts for the common mistakes; positions follow Json.NET's convention (1-based column of
 * the character that stopped the reader, or the line length at end of input). Exotic inputs may
 * get a different Json.NET message than real ARM would print [U].
 *
 * One module over ~300 lines: a hand-written recursive-descent reader whose states share the
 * position bookkeeping the messages need; splitting it would scatter that.
 */

export class JsonNetError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
    readonly line: number,
    readonly position: number,
  ) {
    super(`${reason} Path '${path}', line ${line}, position ${position}.`);
    this.name = "JsonNetError";
  }
}

type Seg = string | number;

function pathOf(stack: Seg[]): string {
  let out = "";
  for (const s of stack) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `['${s}']`;
  }
  return out;
}

/** Sticky patterns matched at the reader's position (no copy of the rest of the text). */
const WORD = /[A-Za-z_$][\w$]*/y;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const TOKEN = /[^\s,\]}]*/y;

/** Json.NET's default MaxDepth (since 13.0.1): a deeper body is refused, as ARM's deserialiser refuses it. */
export const MAX_DEPTH = 64;

class Reader {
  private i = 0;
  private depth = 0;
  private line = 1;
  private col = 0;
  readonly path: Seg[] = [];

  constructor(private readonly s: string) {}

  /**
   * Json.NET reports the column of the character it just read (1-based), or the line length at
   * end of input: callers consume the offending character first, so that is the current column.
   */
  private fail(reason: string): never {
    throw new JsonNetError(reason, pathOf(this.path), this.line, this.col);
  }

  private advance(): string {
    const c = this.s[this.i++]!;
    if (c === "\n") {
      this.line++;
      this.col = 0;
    } else if (c !== "\r") this.col++;
    return c;
  }

  /** The text `re` (sticky) matches at the current position, or undefined. */
  private match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    return re.exec(this.s)?.[0];
  }

  /** Enters a container whose opening character was just read; Json.NET refuses depth MAX_DEPTH + 1. */
  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`The reader's MaxDepth of ${MAX_DEPTH} has been exceeded.`);
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  /** Skips whitespace and comments. */
  private skip(): void {
    for (;;) {
      const c = this.peek();
      if (c === undefined) return;
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF") {
        this.advance();
      } else if (c === "/" && this.s[this.i + 1] === "/") {
        while (this.peek() !== undefined && this.peek() !== "\n") this.advance();
      } else if (c === "/" && this.s[this.i + 1] === "*") {
        this.advance();
        this.advance();
        while (!(this.peek() === "*" && this.s[this.i + 1] === "/")) {
          if (this.peek() === undefined) this.fail("Unexpected end while parsing comment.");
          this.advance();
        }
        this.advance();
        this.advance();
      } else return;
    }
  }

  atEnd(): boolean {
    this.skip();
    return this.i >= this.s.length;
  }

  get column(): number {
    return this.col;
  }

  get lineNumber(): number {
    return this.line;
  }

  /** Reads one value; the container changes the end-of-input message, as Json.NET's does. */
  value(container: "object" | "array" | null): unknown {
    this.skip();
    const c = this.peek();
    if (c === undefined) {
      this.fail(
        container === "array"
          ? "Unexpected end when deserializing array."
          : container === "object"
            ? "Unexpected end when deserializing object."
            : "Unexpected end when reading JSON.",
      );
    }
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"' || c === "'") return this.string();
    if (c === "-" || (c >= "0" && c <= "9") || c === ".") return this.number();
    const word = this.match(WORD);
    if (word === "true" || word === "false" || word === "null") {
      for (let k = 0; k < word.length; k++) this.advance();
      return word === "true" ? true : word === "false" ? false : null;
    }
    if (word === "NaN" || word === "Infinity") {
      for (let k = 0; k < word.length; k++) this.advance();
      return word === "NaN" ? Number.NaN : Number.POSITIVE_INFINITY;
    }
    this.advance();
    this.fail(`Unexpected character encountered while parsing value: ${c}.`);
  }

  private string(): string {
    const quote = this.advance();
    let out = "";
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail(`Unterminated string. Expected delimiter: ${quote}.`);
      this.advance();
      if (c === quote) return out;
      if (c === "\\") {
        const e = this.peek();
        if (e === undefined) this.fail(`Unterminated string. Expected delimiter: ${quote}.`);
        this.advance();
        const map: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", "/": "/", "\\": "\\", '"': '"', "'": "'" };
        if (e === "u") {
          const hex = this.s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`Invalid Unicode escape sequence: \\u${hex}.`);
          for (let k = 0; k < 4; k++) this.advance();
          out += String.fromCharCode(parseInt(hex, 16));
        } else if (e in map) out += map[e];
        else this.fail(`Bad JSON escape sequence: \\${e}.`);
      } else out += c;
    }
  }

  private number(): number {
    const m = this.match(NUMBER);
    const text = m ?? "";
    const next = this.s[this.i + text.length];
    if (!m || (next !== undefined && /[A-Za-z0-9_.]/.test(next))) {
      // Json.NET reads the whole token before deciding it is not a number.
      const token = this.match(TOKEN) ?? "";
      for (let k = 0; k < token.length; k++) this.advance();
      this.fail(`Input string '${token}' is not a valid number.`);
    }
    for (let k = 0; k < text.length; k++) this.advance();
    return Number(text);
  }

  /**
   * Json.NET's path keeps the last property until the next name is read, so an input cut after
   * `"scope": "Video",` fails at Path 'scope'; the same holds for array indexes.
   */
  private object(): Record<string, unknown> {
    this.advance(); // {
    this.enter();
    const out: Record<string, unknown> = {};
    let named = false;
    const leave = () => {
      if (named) this.path.pop();
    };
    for (;;) {
      this.skip();
      const c = this.peek();
      if (c === undefined) this.fail("Unexpected end when deserializing object.");
      if (c === "}") {
        this.advance();
        leave();
        this.depth--;
        return out;
      }
      let name: string;
      if (c === '"' || c === "'") name = this.string();
      else {
        const word = this.match(WORD);
        if (!word) {
          this.advance();
          this.fail(`Invalid property identifier character: ${c}.`);
        }
        for (let k = 0; k < word.length; k++) this.advance();
        name = word;
      }
      leave();
      this.path.push(name);
      named = true;
      this.skip();
      const colon = this.peek();
      if (colon !== ":") {
        if (colon === undefined) this.fail("Unexpected end when deserializing object.");
        this.advance();
        this.fail(`Invalid character after parsing property name. Expected ':' but got: ${colon}.`);
      }
      this.advance();
      // Every member is an own property, `__proto__` included: Json.NET reads it as a plain name,
      // and an assignment would set the object's prototype instead (docs/arm.md#request-body).
      const v = this.value("object");
      if (name === "__proto__") Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
      else out[name] = v;
      this.skip();
      const after = this.peek();
      if (after === ",") {
        this.advance();
        continue;
      }
      if (after === "}") {
        this.advance();
        leave();
        this.depth--;
        return out;
      }
      if (after === undefined) this.fail("Unexpected end when deserializing object.");
      this.advance();
      this.fail(`After parsing a value an unexpected character was encountered: ${after}.`);
    }
  }

  private array(): unknown[] {
    this.advance(); // [
    this.enter();
    const out: unknown[] = [];
    const leave = () => {
      if (out.length > 0) this.path.pop();
    };
    for (;;) {
      this.skip();
      const c = this.peek();
      if (c === undefined) this.fail("Unexpected end when deserializing array.");
      if (c === "]") {
        this.advance();
        leave();
        this.depth--;
        return out;
      }
      leave();
      this.path.push(out.length);
      out.push(this.value("array"));
      this.skip();
      const after = this.peek();
      if (after === ",") {
        this.advance();
        continue;
      }
      if (after === "]") {
        this.advance();
        leave();
        this.depth--;
        return out;
      }
      if (after === undefined) this.fail("Unexpected end when deserializing array.");
      this.advance();
      this.fail(`After parsing a value an unexpected character was encountered: ${after}.`);
    }
  }

  trailing(): void {
    this.skip();
    const c = this.peek();
    if (c !== undefined) {
      this.advance();
      this.fail(`Additional text encountered after finished reading JSON content: ${c}.`);
    }
  }
}

/** Parses JSON the Json.NET way; throws JsonNetError. An empty or all-whitespace text is `undefined`. */
export function parseJsonNet(text: string): { value: unknown; line: number; position: number } | undefined {
  const r = new Reader(text);
  if (r.atEnd()) return undefined;
  const value = r.value(null);
  const at = { line: r.lineNumber, position: r.column };
  r.trailing();
  return { value, ...at };
}
