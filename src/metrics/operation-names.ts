/** The label of an operation that has no name. */
export const ANONYMOUS = 'anonymous';

/** The label of every name past the limit, and of a name that is not a GraphQL name. */
export const OTHER = 'other';

/** How many distinct operation names one gateway process labels its metrics with (README, "Metrics"). */
export const OPERATION_NAMES_KEPT = 100;

/** A GraphQL name (the spec's `Name`), no longer than a person would write one. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Operation names as metric labels. A client chooses its operations' names, so a client sending a new name with each
 * request would make a new series each time, without end: the first `limit` distinct names this process sees keep
 * their own label, and every later one is `other`. A well-behaved client has a few dozen names; trusted documents
 * (TRUSTED_DOCUMENTS_FILE) bound them anyway.
 */
export class OperationNames {
  private readonly kept = new Set<string>();

  constructor(private readonly limit = OPERATION_NAMES_KEPT) {}

  /** `anonymous` for none, the name while it is one of the first `limit`, else `other`. */
  label(name: string | null | undefined): string {
    if (name === null || name === undefined || name === '') return ANONYMOUS;
    if (this.kept.has(name)) return name;
    if (this.kept.size >= this.limit || !NAME.test(name)) return OTHER;
    this.kept.add(name);
    return name;
  }
}
