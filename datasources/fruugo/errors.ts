import type { ParsedErrorBody } from '../../src/http/http-client.js';
import type { UpstreamErrorDetail } from '../../src/http/upstream-error.js';
import type { FieldError, GeneralError } from './wire.js';

function isFieldError(entry: unknown): entry is FieldError {
  if (typeof entry !== 'object' || entry === null) return false;
  const { type, field, message } = entry as Record<string, unknown>;
  return type === 'field' && typeof field === 'string' && typeof message === 'string';
}

function isGeneralError(entry: unknown): entry is GeneralError {
  if (typeof entry !== 'object' || entry === null) return false;
  const { code, message } = entry as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

function codeForStatus(status: number): string {
  if (status === 400) return 'VALIDATION_ERROR';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMIT_EXCEEDED';
  return status >= 500 ? 'INTERNAL_ERROR' : `HTTP_${status}`;
}

/**
 * Reads Fruugo's error answer. A 400 is an array of `{type:"field", field, message}` (seed 004): it becomes
 * VALIDATION_ERROR with one detail per field. Other refusals carry no documented body; an entry with a `code`
 * (the simulator's choice, docs/fruugo.md) lends its code, and anything else (a proxy's HTML page, an empty 502)
 * is named after its status.
 */
export function parseFruugoError(status: number, body: unknown): ParsedErrorBody {
  const entries: unknown[] = Array.isArray(body) ? body : [];
  const fields = entries.filter(isFieldError);
  if (fields.length > 0) {
    const details: UpstreamErrorDetail[] = fields.map((entry) => ({ field: entry.field, message: entry.message }));
    return {
      code: 'VALIDATION_ERROR',
      message: `Fruugo refused the request: ${details.map((detail) => `${detail.field} ${detail.message}`).join('; ')}`,
      details,
    };
  }
  const general = entries.find(isGeneralError);
  if (general !== undefined) return { code: general.code, message: general.message };
  const text = typeof body === 'string' && body !== '' ? `: ${body.slice(0, 200)}` : '';
  return { code: codeForStatus(status), message: `Fruugo answered HTTP ${status}${text}` };
}
