import type { Marketplace } from './marketplace.js';

/** One part of a request that is wrong, named by its path (`lines[0].quantity`) and said in a sentence. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Each refusal of the gateway's own, by its code in the error contract, with the HTTP status it would have if the
 * gateway were an HTTP API: what `extensions.httpStatus` says beside the code (README, "Errors"). A marketplace's
 * refusal carries the status the marketplace answered instead (UpstreamError).
 */
export const REFUSAL_STATUS = {
  /** The request is wrong in itself. */
  BAD_USER_INPUT: 400,
  /** The caller may not do this. */
  FORBIDDEN: 403,
  /** Something the gateway keeps is unknown. */
  WEBHOOK_EVENT_NOT_FOUND: 404,
  /** The state of the order leaves nothing to do. */
  NOTHING_TO_SHIP: 409,
  /** The marketplace has no such step: the request is understood, and cannot be carried out there. */
  OPERATION_NOT_SUPPORTED: 422,
  CANCELLATION_REASON_NOT_SUPPORTED: 422,
} as const;

export type RefusalCode = keyof typeof REFUSAL_STATUS;

/**
 * A request the gateway refuses on its own, before or instead of asking a marketplace. Each kind says what the
 * caller can do about it; the GraphQL layer (src/graphql/errors.ts) gives each the error contract's code, so the
 * datasources refuse in these words and know nothing of GraphQL. A marketplace's own refusal is an UpstreamError
 * (src/http/upstream-error.ts) instead: it carries the upstream status and body.
 */
export abstract class DomainError extends Error {
  /** Its code in the error contract. */
  abstract readonly code: RefusalCode;

  /** The HTTP status the refusal stands for (REFUSAL_STATUS). */
  get httpStatus(): number {
    return REFUSAL_STATUS[this.code];
  }
}

/**
 * The request is wrong in itself (a malformed id, a repeated SKU, a line the order does not have): the caller fixes
 * it and asks again. `details` name each part at fault by its path in the request; without them the error contract
 * names the field that refused (src/graphql/errors.ts).
 */
export class BadInput extends DomainError {
  override readonly name = 'BadInput';
  readonly code = 'BAD_USER_INPUT';

  constructor(
    message: string,
    readonly details: readonly FieldProblem[] = [],
  ) {
    super(message);
  }

  /** One part at fault, `field`, said by the message itself. */
  static at(field: string, message: string): BadInput {
    return new BadInput(message, [{ field, message }]);
  }

  /** Several parts at fault, each `message` following its `field`'s name: the first three said, all in details. */
  static of(problems: readonly FieldProblem[]): BadInput {
    const shown = problems.slice(0, 3).map((problem) => `${problem.field} ${problem.message}`);
    const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
    return new BadInput(`${shown.join('; ')}${more}`, problems);
  }
}

/**
 * The request names a marketplace this gateway has no configuration for. It is off here, which is the caller's to
 * know, not a failure of the gateway; one message wherever that happens, unless a sentence says what is missing.
 */
export class NotConfigured extends DomainError {
  override readonly name = 'NotConfigured';
  readonly code = 'BAD_USER_INPUT';

  constructor(
    readonly marketplaces: readonly Marketplace[],
    message = `${marketplaces.join(', ')} ${marketplaces.length > 1 ? 'are' : 'is'} not configured on this gateway`,
  ) {
    super(message);
  }
}

/** What a marketplace cannot do: no such step, not for this reason, or nothing left to do it to. */
export type NotSupportedCode = 'OPERATION_NOT_SUPPORTED' | 'CANCELLATION_REASON_NOT_SUPPORTED' | 'NOTHING_TO_SHIP';

/**
 * The marketplace has no way to carry out the request (no cancellation call, a reason it does not take, nothing
 * left to ship), so it is refused before any call. `code` says which, in the words of the error contract.
 */
export class NotSupported extends DomainError {
  override readonly name = 'NotSupported';

  constructor(
    readonly marketplace: Marketplace,
    message: string,
    readonly code: NotSupportedCode = 'OPERATION_NOT_SUPPORTED',
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
    readonly code: 'WEBHOOK_EVENT_NOT_FOUND',
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
  readonly code = 'FORBIDDEN';
}
