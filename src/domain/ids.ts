import { BadInput } from './errors.js';

/**
 * What an identifier of one kind looks like (a noon order number, a Fruugo line id, an ASN number, a SKU). Every id a
 * client sends is checked against its kind's shape before anything is asked with it, so what reaches a marketplace's
 * path, body or query is always something that marketplace could have given out: never `..`, a slash or a 4 MB
 * string. One shape per kind, declared where the kind is known (a marketplace's `ids.ts`, or here for the kinds every
 * marketplace shares), and used by every path that takes one.
 */
export interface IdShape {
  /** What it is, in a sentence: `a noon FBPI order number`. */
  readonly name: string;
  /** The longest one taken. */
  readonly maxLength: number;
  /** Whether a value (not empty, well-formed, within maxLength) has the shape. */
  readonly matches: (value: string) => boolean;
  /** What one looks like, for the message that refuses one: `NFBO followed by letters and digits`. */
  readonly expected: string;
}

/** An order line's id and an order's own number, for each marketplace: declared by its module (`ids.ts`). */
export interface MarketplaceIds {
  /** The marketplace's own order number: what follows `MARKETPLACE:` in an order id. */
  readonly order: IdShape;
  /** An order line's `id`, as the gateway shows it and takes it back in `lines`. */
  readonly line: IdShape;
}

/**
 * A lone surrogate (half of a UTF-16 pair): not a character, so no marketplace can have given it out, and
 * encodeURIComponent throws on it. With the `u` flag a well-formed pair is one code point, which is not `Cs`.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether `text` is well-formed UTF-16: every surrogate is half of a pair. */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * The least any id is held to where its marketplace documents no shape: no control character, nothing that means
 * something in a URL's path, query or fragment (`/`, `\`, `?`, `#`, `%`), and not a dot segment (`.`, `..`), which a
 * URL resolves into the path around it.
 */
const OPAQUE = /^(?!\.{1,2}$)[^\p{Cc}/\\?#%]+$/u;

/** An id whose marketplace documents no shape: `OPAQUE` within `maxLength`. */
export function opaqueId(name: string, maxLength: number): IdShape {
  return {
    name,
    maxLength,
    matches: (value) => OPAQUE.test(value),
    expected: 'no control character, none of / \\ ? # %, and not . or ..',
  };
}

/** An id of a documented shape: `pattern` (anchored) within `maxLength`. */
export function patternId(name: string, pattern: RegExp, maxLength: number, expected: string): IdShape {
  return { name, maxLength, matches: (value) => pattern.test(value), expected };
}

/**
 * A SKU as the gateway passes it to every marketplace (noon partner_sku, Fruugo skuId, Increff channelSkuCode,
 * Marketplacer variant SKU). None documents a shape or a length; 128 is the longest the gateway has always taken.
 */
export const SKU = opaqueId('a SKU', 128);

/** A warehouse location a fulfilment order goes to (an Increff `locationCode`, `WH-DXB-01`). */
export const LOCATION_CODE = opaqueId('a location code', 64);

/** A carrier's airway bill or tracking number, as a shipment names it. */
export const TRACKING_NUMBER = opaqueId('a tracking number', 100);

/** The seller's own number for a shipment (noon's integration_shipment_nr, "free format"). */
export const SHIPMENT_NUMBER = opaqueId('a shipment number', 64);

/** Why `value` is not an id of `shape`, in words that follow the field's name; undefined when it is one. */
export function idProblem(value: string, shape: IdShape): string | undefined {
  if (value === '') return `is empty; expected ${shape.name}`;
  // Said without the value: it may be megabytes long, or not printable.
  if (value.length > shape.maxLength) {
    return `is ${value.length} characters long; ${shape.name} has at most ${shape.maxLength}`;
  }
  if (!isWellFormed(value)) return `holds a lone surrogate (half of a UTF-16 pair), so it is not ${shape.name}`;
  if (!shape.matches(value)) return `"${value}" is not ${shape.name} (${shape.expected})`;
  return undefined;
}

/** `value` when it is an id of `shape`; otherwise BAD_USER_INPUT naming `field`. */
export function checkId(field: string, value: string, shape: IdShape): string {
  const problem = idProblem(value, shape);
  if (problem !== undefined) throw new BadInput(`${field} ${problem}`, [{ field, message: problem }]);
  return value;
}

/** Each `[field, value]` checked as `checkId` does, every one at fault named at once. */
export function checkIds(entries: ReadonlyArray<readonly [field: string, value: string]>, shape: IdShape): void {
  const problems = entries.flatMap(([field, value]) => {
    const problem = idProblem(value, shape);
    return problem === undefined ? [] : [{ field, message: problem }];
  });
  if (problems.length > 0) throw BadInput.of(problems);
}
