/**
 * Fruugo's callbacks carry their result as a string in a loose notation (seed 004):
 *
 *   { 'transactionType': 'confirm' 'responses': [{ 'success': false 'errorMessage': 'BD_… status is NOT_REPLACED'
 *     'orderId': '9164260001000444' 'shipmentId': null 'itemStatuses': [{ 'productId': 'STOCK005' … }] }] }
 *
 * JSON's shape with single-quoted strings, no commas between members or items, and no escaping of the quotes
 * inside a message (`'it's'`). This module reads it into plain values; nothing in it knows Fruugo's fields.
 *
 * What it accepts:
 * - objects `{ 'key': value … }` (keys single- or double-quoted), lists `[ value … ]`;
 *   a comma between members or items is optional;
 * - single-quoted strings, where `\'` and `\\` are escapes and every other character is itself; double-quoted
 *   strings as JSON writes them; numbers as JSON writes them; `null`, `true`, `false`.
 *
 * Telling a closing quote from an apostrophe: a quote closes its string only if what follows it, past any
 * whitespace, commas and brackets that close the containers open at that point, is what the innermost remaining
 * container expects next: a key (`'name':`) in an object, another value in a list (after a space or a comma), or
 * the end of the payload once every container is closed. So `'it's'`, `'customers' orders'` and `'value '}' here'`
 * read as one string each. A message that itself contains such a continuation (`' 'orderId': `) cannot be told
 * apart from the structure and is read as structure, which then usually fails with a clear error.
 *
 * Integers beyond 2^53 (an order id written without quotes) are returned as their digits in a string rather
 * than silently rounded; every other number is a number.
 *
 * Objects and lists nest at most `maxNesting` deep: the reader descends one call per level, so a payload nested
 * deeper than the stack (100,000 brackets) is refused as unreadable instead of overflowing it.
 */

export type LooseValue = string | number | boolean | null | LooseValue[] | { [key: string]: LooseValue };

/** The payload could not be read: `offset` is where (0-based, in UTF-16 code units), `expected` what would fit. */
export class LoosePayloadError extends Error {
  override readonly name = 'LoosePayloadError';

  constructor(
    readonly offset: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`cannot read Fruugo payload at offset ${offset}: expected ${expected}, found ${found}`);
  }
}

type Container = 'object' | 'list';

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z]+/y;
const DOUBLE_QUOTED = /"(?:[^"\\]|\\.)*"/y;
/** A key and its colon, as the lookahead recognises the start of the next member. */
const KEY_AHEAD = /(?:'[^'\s]+'|"(?:[^"\\]|\\.)*")\s*:/y;
const LITERALS: Record<string, null | boolean> = { null: null, true: true, false: false };

function isSpace(char: string): boolean {
  return /\s/.test(char);
}

function at(regex: RegExp, text: string, offset: number): RegExpExecArray | null {
  regex.lastIndex = offset;
  return regex.exec(text);
}

/**
 * How deep objects and lists may nest unless the caller says otherwise: Fruugo's deepest payload, an order download,
 * nests five (payload, orders, an order, its lines, a line), so this leaves room for any field Fruugo may add.
 */
export const DEFAULT_MAX_NESTING = 32;

/**
 * Reads one payload, with objects and lists nested at most `maxNesting` deep; throws LoosePayloadError naming the
 * offset and what was expected there.
 */
export function parseLoosePayload(text: string, maxNesting = DEFAULT_MAX_NESTING): LooseValue {
  return new LooseReader(text, maxNesting).document();
}

class LooseReader {
  private offset = 0;
  /** The containers open at `offset`, outermost first: what the quote lookahead closes. */
  private readonly open: Container[] = [];

  constructor(
    private readonly text: string,
    private readonly maxNesting: number,
  ) {}

  document(): LooseValue {
    this.skipSpace();
    const value = this.value();
    this.skipSpace();
    if (this.offset < this.text.length) this.fail('the end of the payload');
    return value;
  }

  private value(): LooseValue {
    const char = this.text[this.offset];
    if (char === '{') return this.object();
    if (char === '[') return this.list();
    if (char === "'") return this.singleQuoted();
    if (char === '"') return this.doubleQuoted();
    if (char !== undefined && (char === '-' || (char >= '0' && char <= '9'))) return this.number();
    const word = at(WORD, this.text, this.offset)?.[0];
    if (word !== undefined && Object.hasOwn(LITERALS, word)) {
      this.offset += word.length;
      return LITERALS[word]!;
    }
    return this.fail('a value ({…}, […], a quoted string, a number, true, false or null)');
  }

  private object(): { [key: string]: LooseValue } {
    const result: { [key: string]: LooseValue } = {};
    this.enter('object');
    this.skipSpace();
    while (this.text[this.offset] !== '}') {
      if (this.offset >= this.text.length) this.fail("a key or '}'");
      const key = this.key();
      this.skipSpace();
      if (this.text[this.offset] !== ':') this.fail(`':' after the key '${key}'`);
      this.offset += 1;
      this.skipSpace();
      // defineProperty: a key named __proto__ becomes data, never the object's prototype.
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipSeparator();
    }
    this.offset += 1;
    this.open.pop();
    return result;
  }

  private list(): LooseValue[] {
    const result: LooseValue[] = [];
    this.enter('list');
    this.skipSpace();
    while (this.text[this.offset] !== ']') {
      if (this.offset >= this.text.length) this.fail("a value or ']'");
      result.push(this.value());
      this.skipSeparator();
    }
    this.offset += 1;
    this.open.pop();
    return result;
  }

  /** Steps into an object or a list, if one more level is allowed. */
  private enter(container: Container): void {
    if (this.open.length >= this.maxNesting) {
      this.fail(`objects and lists nested at most ${this.maxNesting} deep`, 'a deeper one');
    }
    this.offset += 1;
    this.open.push(container);
  }

  private key(): string {
    const char = this.text[this.offset];
    if (char === '"') return this.doubleQuoted();
    if (char === "'") {
      // Keys are names: the first quote closes them.
      const end = this.text.indexOf("'", this.offset + 1);
      if (end === -1) this.fail('the closing quote of the key');
      const key = this.text.slice(this.offset + 1, end);
      this.offset = end + 1;
      return key;
    }
    return this.fail("a quoted key ('name')");
  }

  private singleQuoted(): string {
    const opening = this.offset;
    let value = '';
    let index = opening + 1;
    while (index < this.text.length) {
      const char = this.text[index]!;
      const next = this.text[index + 1];
      if (char === '\\' && (next === "'" || next === '\\')) {
        value += next;
        index += 2;
      } else if (char === "'" && this.closesAt(index + 1)) {
        this.offset = index + 1;
        return value;
      } else {
        value += char;
        index += 1;
      }
    }
    this.offset = opening;
    return this.fail('a string whose closing quote is followed by the next key, value, closing bracket or the end');
  }

  /**
   * Whether a quote just before `from` closes the string being read (see the module comment): past whitespace,
   * commas and brackets that close the open containers in order, comes what the innermost remaining one expects.
   */
  private closesAt(from: number): boolean {
    let depth = this.open.length;
    let separated = false;
    let index = from;
    while (index < this.text.length) {
      const char = this.text[index]!;
      if (char === ',' || isSpace(char)) {
        separated = true;
      } else if (char === '}' || char === ']') {
        if (depth === 0 || this.open[depth - 1] !== (char === '}' ? 'object' : 'list')) return false;
        depth -= 1;
        separated = true;
      } else {
        if (depth === 0) return false;
        if (this.open[depth - 1] === 'object') return at(KEY_AHEAD, this.text, index) !== null;
        return separated && this.startsValue(index);
      }
      index += 1;
    }
    return depth === 0;
  }

  private startsValue(index: number): boolean {
    const char = this.text[index]!;
    if ('\'"{[-'.includes(char) || (char >= '0' && char <= '9')) return true;
    const word = at(WORD, this.text, index)?.[0];
    return word !== undefined && Object.hasOwn(LITERALS, word);
  }

  private doubleQuoted(): string {
    const match = at(DOUBLE_QUOTED, this.text, this.offset)?.[0];
    if (match === undefined) return this.fail('a string closed by a double quote');
    this.offset += match.length;
    return JSON.parse(match) as string;
  }

  private number(): number | string {
    const match = at(NUMBER, this.text, this.offset)?.[0];
    if (match === undefined) return this.fail('a number');
    this.offset += match.length;
    const value = Number(match);
    return /^-?\d+$/.test(match) && !Number.isSafeInteger(value) ? match : value;
  }

  private skipSpace(): void {
    while (this.offset < this.text.length && isSpace(this.text[this.offset]!)) this.offset += 1;
  }

  /** Between members or items: whitespace and at most one comma. */
  private skipSeparator(): void {
    this.skipSpace();
    if (this.text[this.offset] === ',') {
      this.offset += 1;
      this.skipSpace();
    }
  }

  private fail(expected: string, found?: string): never {
    const rest = this.text.slice(this.offset, this.offset + 20);
    throw new LoosePayloadError(
      this.offset,
      expected,
      found ?? (rest === '' ? 'the end of the payload' : JSON.stringify(rest)),
    );
  }
}
