import type { Cursors } from '../cursors.js';
import { BadInput } from '../domain/errors.js';

/** A page of something the gateway stores itself (webhook events, audit entries), paged by the id of its last item. */
export interface StoredPage<Node> {
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: null;
}

/** Which page of a stored list to read. */
export interface StoredPageArgs {
  /** The list's name, which its cursors carry (a cursor of another list is refused). */
  list: string;
  /** At most this many items, 1 to `max`. */
  first: number;
  max: number;
  /** The `endCursor` of the page before (signed by `cursors`); the first page when absent. */
  after: string | null | undefined;
  cursors: Cursors;
}

/**
 * Reads one page: `read` is asked for the items after the one with id `lastId` (from the top when undefined), one
 * more than `first`, which tells whether another page follows without counting them all.
 */
export async function readStoredPage<Node extends { id: string }>(
  { list, first, max, after, cursors }: StoredPageArgs,
  read: (lastId: string | undefined, limit: number) => Promise<Node[]>,
): Promise<StoredPage<Node>> {
  if (!Number.isInteger(first) || first < 1 || first > max) throw BadInput.at('first', `"first" must be 1 to ${max}`);
  const lastId = after ? cursors.decode<string>(list, after) : undefined;
  const fetched = await read(lastId, first + 1);
  const nodes = fetched.slice(0, first);
  const hasNextPage = fetched.length > first;
  return {
    nodes,
    pageInfo: { hasNextPage, endCursor: hasNextPage ? cursors.encode(list, nodes[nodes.length - 1]!.id) : null },
    totalCount: null,
  };
}
