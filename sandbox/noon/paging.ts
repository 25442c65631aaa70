import { validationError } from './errors.js';

export interface Page<T> {
  items: T[];
  /** null when this is the last page; each endpoint renders the end its own way (null or ""). */
  nextToken: string | null;
}

/**
 * Tokens carry the key of the last item served rather than an offset, so a page boundary survives items being
 * added or removed between calls.
 */
function encodeToken(afterKey: string): string {
  return Buffer.from(JSON.stringify({ after: afterKey }), 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && 'after' in decoded && typeof decoded.after === 'string') {
      return decoded.after;
    }
  } catch {
    // falls through to the refusal below
  }
  throw validationError([{ field: 'next_token', message: 'next_token is not a token this API issued' }]);
}

/** Sorted by `key` in plain string order (not locale order), the order `paginate` compares in for 'asc'. */
export function sortedByKey<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * One page of `ordered`, which must be sorted by `key` in `order` (keys unique). An empty token starts at the
 * beginning, so a client that echoes the `""` end marker back gets the first page rather than an error.
 */
export function paginate<T>(
  ordered: readonly T[],
  key: (item: T) => string,
  order: 'asc' | 'desc',
  request: { token: string | undefined; pageSize: number },
): Page<T> {
  let start = 0;
  if (request.token) {
    const after = decodeToken(request.token);
    const index = ordered.findIndex((item) => (order === 'asc' ? key(item) > after : key(item) < after));
    start = index === -1 ? ordered.length : index;
  }
  const items = ordered.slice(start, start + request.pageSize);
  const last = items.at(-1);
  const more = start + request.pageSize < ordered.length;
  return { items, nextToken: more && last !== undefined ? encodeToken(key(last)) : null };
}
