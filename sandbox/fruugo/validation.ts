import type { z } from 'zod';
import { fieldErrors } from './errors.js';

/**
 * Fruugo names the field alone, without its path (seed 004: `"field": "productId"`), and reports too many item
 * quantities of an order as `skuIds`, the seed's "size must be between 1 and 200".
 */
function fieldName(issue: z.core.$ZodIssue): string {
  const last = [...issue.path].reverse().find((segment): segment is string => typeof segment === 'string');
  if (last === 'itemQuantities' && issue.code === 'too_big') return 'skuIds';
  return last ?? 'body';
}

const FORMATS: Record<string, string> = { datetime: 'must be an ISO-8601 date-time', url: 'must be a valid URL' };

/** Spring's wording, which the seed shows ("must not be null"), for the problems no schema words itself. */
function springMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input === undefined || issue.input === null) return 'must not be null';
  if (issue.code === 'invalid_type') return `must be ${issue.expected}`;
  if (issue.code === 'invalid_value') return `must be one of [${issue.values.map(String).join(', ')}]`;
  if (issue.code === 'invalid_format') return FORMATS[issue.format] ?? `must match the format ${issue.format}`;
  return undefined;
}

/** Parses a request body, answering Fruugo's 400 array with one field error per problem when it does not fit. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body, { error: springMessage });
  if (result.success) return result.data;
  throw fieldErrors(result.error.issues.map((issue) => ({ field: fieldName(issue), message: issue.message })));
}
