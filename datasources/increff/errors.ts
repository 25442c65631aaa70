import type { ParsedErrorBody } from '../../src/http/http-client.js';
import type { UpstreamErrorDetail } from '../../src/http/upstream-error.js';
import type { ErrorBody, ErrorEntry } from './wire.js';

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const { code, message, errors } = body as Partial<Record<keyof ErrorBody, unknown>>;
  return typeof code === 'string' && typeof message === 'string' && (errors === undefined || Array.isArray(errors));
}

function toDetail(entry: ErrorEntry): UpstreamErrorDetail {
  return {
    message: entry.message,
    ...(entry.code === undefined ? {} : { code: entry.code }),
    ...(entry.field === undefined ? {} : { field: entry.field }),
    ...(entry.channelSkuCode === undefined ? {} : { item: entry.channelSkuCode }),
  };
}

/** Our code for an answer that carries none of its own. */
function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMIT_EXCEEDED';
  if (status >= 500) return 'INTERNAL_ERROR';
  return `HTTP_${status}`;
}

/** A sentence from a body that is not ours: a framework's `{"message": …}` or `{"error": …}`, or plain text. */
function sentenceOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.slice(0, 200);
  if (typeof body !== 'object' || body === null) return undefined;
  const { message, error } = body as { message?: unknown; error?: unknown };
  if (typeof message === 'string') return message;
  return typeof error === 'string' ? error : undefined;
}

/**
 * Reads the error body chosen for Increff (`{"code","message","errors"}`, docs/increff.md). Anything else (a proxy's
 * HTML page, an empty 502, a framework's default JSON) still becomes a clear error named after its status.
 */
export function parseIncreffError(status: number, body: unknown): ParsedErrorBody {
  if (isErrorBody(body)) {
    return { code: body.code, message: body.message, details: (body.errors ?? []).map(toDetail) };
  }
  const sentence = sentenceOf(body);
  return {
    code: codeForStatus(status),
    message: `Increff answered HTTP ${status}${sentence === undefined ? '' : `: ${sentence}`}`,
  };
}
