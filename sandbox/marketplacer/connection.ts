import { argumentError } from './errors.js';

/** `first`/`after` only: Marketplacer's connections page forward. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface PagingLimits {
  /** Page size when `first` is absent. */
  defaultPageSize: number;
  /** A larger `first` is cut down to this, silently, as graphql-ruby's max_page_size does. */
  maxPageSize: number;
}

/** The values an ordering sorts by, most significant first (ending with the legacyId, so keys are unique). */
export type SortKey = ReadonlyArray<string | number>;

export interface Connection<T> {
  nodes: T[];
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const [x, y] = [a[index]!, b[index]!];
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * A cursor names the sort key of the item it stands for rather than an offset, so a page boundary holds while
 * newer invoices arrive at the head of the list.
 */
function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64');
}

function decodeCursor(cursor: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length > 0 &&
      key.every((part) => typeof part === 'string' || typeof part === 'number')
    ) {
      return key as SortKey;
    }
  } catch {
    // falls through to the refusal below
  }
  throw argumentError(`after: ${cursor} is not a cursor this API issued`);
}

/** One page of `ordered`, which is sorted by `keyOf` (descending when `descending`). */
export function connection<T>(
  ordered: readonly T[],
  args: PageArgs,
  limits: PagingLimits,
  keyOf: (item: T) => SortKey,
  descending = false,
): Connection<T> {
  if (args.first !== undefined && args.first !== null && args.first < 0) {
    throw argumentError(`first: must not be negative (got ${args.first})`);
  }
  const size = Math.min(args.first ?? limits.defaultPageSize, limits.maxPageSize);
  let start = 0;
  if (args.after) {
    const after = decodeCursor(args.after);
    const direction = descending ? -1 : 1;
    const index = ordered.findIndex((item) => direction * compareKeys(keyOf(item), after) > 0);
    start = index === -1 ? ordered.length : index;
  }
  const nodes = ordered.slice(start, start + size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    nodes,
    edges,
    pageInfo: {
      hasNextPage: start + nodes.length < ordered.length,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: ordered.length,
  };
}
