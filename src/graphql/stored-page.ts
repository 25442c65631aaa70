import { BadInput } from '../domain/errors.js';

/** A page of something the gateway stores itself (webhook events, audit entries), paged by the id of its last item. */
export interface StoredPage<Node> {
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: null;
}

/**
 * Reads one page of at most `first` (1 to `max`) items: `read` is asked for one more than that, which tells whether
 * another page follows without counting them all.
 */
export async function readStoredPage<Node extends { id: string }>(
  first: number,
  max: number,
  read: (limit: number) => Promise<Node[]>,
): Promise<StoredPage<Node>> {
  if (!Number.isInteger(first) || first < 1 || first > max) throw new BadInput(`"first" must be 1 to ${max}`);
  const fetched = await read(first + 1);
  const nodes = fetched.slice(0, first);
  const hasNextPage = fetched.length > first;
  return {
    nodes,
    pageInfo: { hasNextPage, endCursor: hasNextPage ? nodes[nodes.length - 1]!.id : null },
    totalCount: null,
  };
}
