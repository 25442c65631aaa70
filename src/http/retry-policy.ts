import {
  DelegateBackoff,
  fullJitterGenerator,
  handleWhen,
  retry,
  type IExponentialBackoffOptions,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';
import type { Deadline } from './deadline.js';
import { UpstreamError } from './upstream-error.js';

export interface RetryOptions {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** First backoff delay; each later one doubles, with full jitter. */
  baseDelayMs: number;
  /** Ceiling of one computed backoff delay. */
  maxDelayMs: number;
  /**
   * The longest `Retry-After` the client will wait for inside a call. A marketplace asking for more gets its 429
   * passed to the caller (with the delay in the error) instead of holding the GraphQL request open.
   */
  maxRetryAfterMs: number;
}

/**
 * Whether a failed attempt may be repeated.
 * A 429 is always safe: the marketplace refused the call before doing anything. A 5xx, a network error or a
 * timeout may hide a call that was applied, so only an idempotent operation (a read, or one idempotent by the
 * marketplace's contract, like noon's CreateShipment) is repeated after one.
 */
export function isRetryable(error: unknown, idempotent: boolean, options: RetryOptions): boolean {
  if (!(error instanceof UpstreamError)) return false;
  // Our own budget refused it, already knowing the turn would come after the deadline: asking again cannot help.
  if (error.kind === 'budget') return false;
  if (error.httpStatus === 429) return (error.retryAfterMs ?? 0) <= options.maxRetryAfterMs;
  if (!idempotent) return false;
  return error.kind === 'network' || error.kind === 'timeout' || (error.kind === 'http' && error.httpStatus >= 500);
}

/**
 * Exponential backoff with full jitter, stretched to the upstream's `Retry-After` when it asks for longer. A retry
 * whose wait would end after `deadline` is not made: the call fails at once with what its last attempt got (the
 * marketplace's 503, its 429 and the wait it asked for), which cockatiel passes on when thrown here.
 */
function backoff(
  options: RetryOptions,
  deadline: Deadline | undefined,
): DelegateBackoff<IRetryBackoffContext<unknown>, number | undefined> {
  const exponential: IExponentialBackoffOptions<number> = {
    generator: fullJitterGenerator,
    initialDelay: options.baseDelayMs,
    maxDelay: options.maxDelayMs,
    exponent: 2,
  };
  return new DelegateBackoff((context, state) => {
    const [jittered, next] = fullJitterGenerator(state, exponential);
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof UpstreamError ? (error.retryAfterMs ?? 0) : 0;
    const delay = Math.max(jittered, asked);
    // Only UpstreamErrors are retried (isRetryable), so it is one whenever a retry is being weighed.
    if (error instanceof UpstreamError && deadline !== undefined && delay >= deadline.remainingMs()) throw error;
    return { delay, state: next };
  });
}

/** Told of each retry before its wait: the failure retried, the wait, and whether the marketplace asked for it. */
export type OnRetry = (failure: UpstreamError, delayMs: number, retryAfter: boolean) => void;

/**
 * The retry policy of one call: idempotent or not, and held to its operation's deadline when it has one; `onRetry`
 * hears of each retry (the metrics' retries and `Retry-After` waits).
 */
export function retryPolicy(
  options: RetryOptions,
  idempotent: boolean,
  deadline?: Deadline,
  onRetry?: OnRetry,
): RetryPolicy {
  const policy = retry(
    handleWhen((error) => isRetryable(error, idempotent, options)),
    {
      maxAttempts: options.maxRetries,
      backoff: backoff(options, deadline),
    },
  );
  if (onRetry === undefined) return policy;
  policy.onRetry((retried) => {
    // Only UpstreamErrors are retried (isRetryable); the wait is the marketplace's when backoff took its Retry-After.
    if (!('error' in retried) || !(retried.error instanceof UpstreamError)) return;
    const asked = retried.error.retryAfterMs;
    onRetry(retried.error, retried.delay, asked !== undefined && retried.delay === asked);
  });
  return policy;
}
