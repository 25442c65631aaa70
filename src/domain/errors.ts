import type { Marketplace } from './marketplace.js';

/** One part of a request that is wrong, named by its path (`lines[0].quantity`) and said in a sentence. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** What a BadInput names at fault: the fields, or (Fruugo's unknown line) the value and what it could have been. */
export type BadInputDetails = readonly FieldProblem[] | { readonly [key: string]: unknown };

/**
 * A request the gateway refuses on its own, before or instead of asking a marketplace. Each kind says what the
 * caller can do about it; the GraphQL layer (src/graphql/errors.ts) gives each the error contract's code, so the
 * datasources refuse in these words and know nothing of GraphQL. A marketplace's own refusal is an UpstreamError
 * (src/http/upstream-error.ts) instead: it carries the upstream status and body.
 */
export abstract class DomainError extends Error {}

/**
 * The request is wrong in itself (a malformed id, a repeated SKU, a line the order does not have): the caller fixes
 * it and asks again.
 */
export class BadInput extends DomainError {
  override readonly name = 'BadInput';

  constructor(
    message: string,
    readonly details?: BadInputDetails,
  ) {
    super(message);
  }
}

/**
 * The request names a marketplace this gateway has no configuration for. It is off here, which is the caller's to
 * know, not a failure of the gateway; one message wherever that happens, unless a sentence says what is missing.
 */
export class NotConfigured extends DomainError {
  override readonly name = 'NotConfigured';

  constructor(
    readonly marketplaces: readonly Marketplace[],
    message = `${marketplaces.join(', ')} ${marketplaces.length > 1 ? 'are' : 'is'} not configured on this gateway`,
  ) {
    super(message);
  }
}

/**
 * The marketplace has no way to carry out the request (no cancellation call, a reason it does not take, nothing
 * left to ship), so it is refused before any call. `code` says which, in the words of the error contract.
 */
export class NotSupported extends DomainError {
  override readonly name = 'NotSupported';

  constructor(
    readonly marketplace: Marketplace,
    message: string,
    readonly code = 'OPERATION_NOT_SUPPORTED',
  ) {
    super(message);
  }
}

/**
 * Something the gateway keeps itself is unknown (a stored webhook event); `code` names what. An order a
 * marketplace does not know is an UpstreamError with code ORDER_NOT_FOUND instead, as the OrderSource port says.
 */
export class NotFound extends DomainError {
  override readonly name = 'NotFound';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A caller who is known but may not do this: a role or a marketplace it does not hold. Naming something outside
 * its marketplaces is Forbidden rather than NotFound, which would tell whether it exists.
 */
export class Forbidden extends DomainError {
  override readonly name = 'Forbidden';
}
