/** One page of a Relay connection, as our operations select it. */
export interface ConnectionPage<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every node of a forward-only connection, fetching page after page from the first. */
export async function allNodes<T>(fetchPage: (after: string | null) => Promise<ConnectionPage<T>>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  do {
    const page: ConnectionPage<T> = await fetchPage(after);
    nodes.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  return nodes;
}
