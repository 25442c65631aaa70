/** Where a page ends, and whether another follows: asking again with `after: endCursor` gives the next one. */
export interface PageInfo {
  hasNextPage: boolean;
  /** Opaque to the caller; null on the last page. */
  endCursor: string | null;
}

/** One page of a list, whatever pages it upstream (tokens, keysets, merged lists). */
export interface Page<Node> {
  nodes: Node[];
  pageInfo: PageInfo;
  /** How many there are in all, when the source says. */
  totalCount: number | null;
}

/** Which page to read: at most `first` nodes, after the `endCursor` of the page before (the first page when absent). */
export interface PageArgs {
  first: number;
  after?: string | null;
}
