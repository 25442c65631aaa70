import { UpstreamError } from '../../src/http/upstream-error.js';

/**
 * Why items of a batched update were never judged by noon: the call carrying them (or an earlier one) failed as a
 * whole. Reported with noon's code where it gave one, so the caller can tell an outage from a refusal and send
 * exactly those items again.
 */
export function notApplied(error: unknown): { code: string; message: string } {
  const reason = error instanceof UpstreamError ? error : undefined;
  return {
    code: reason?.code ?? 'NOT_APPLIED',
    message: `not applied: ${error instanceof Error ? error.message : String(error)}`,
  };
}
