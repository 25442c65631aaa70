import type { ParsedErrorBody } from '../../src/http/http-client.js';
import type { UpstreamErrorDetail } from '../../src/http/upstream-error.js';
import type { ErrorBody, ErrorDetail } from './inbound/wire.js';

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('detail' in body)) return false;
  const detail = (body as { detail: unknown }).detail;
  return typeof detail === 'object' && detail !== null && typeof (detail as { code?: unknown }).code === 'string';
}

function toDetail(detail: ErrorDetail): UpstreamErrorDetail {
  return {
    message: detail.message,
    ...(detail.code === undefined ? {} : { code: detail.code }),
    ...(detail.field === undefined ? {} : { field: detail.field }),
    ...(detail.partner_sku === undefined ? {} : { item: detail.partner_sku }),
  };
}

/**
 * Reads noon's error body `{"detail":{"code","message","details"}}` (seed 001, Appendix C). An answer without that
 * shape (a proxy's HTML page, an empty 502) still becomes a clear error named after its status.
 */
export function parseNoonError(status: number, body: unknown): ParsedErrorBody {
  if (isErrorBody(body)) {
    return {
      code: body.detail.code,
      message: body.detail.message,
      details: (body.detail.details ?? []).map(toDetail),
    };
  }
  return {
    code: status === 429 ? 'RATE_LIMIT_EXCEEDED' : status >= 500 ? 'INTERNAL_ERROR' : `HTTP_${status}`,
    message: `noon answered HTTP ${status}${typeof body === 'string' && body !== '' ? `: ${body.slice(0, 200)}` : ''}`,
  };
}
