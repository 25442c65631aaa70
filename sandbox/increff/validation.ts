import { z } from 'zod';
import { refusal } from './errors.js';

/** A missing field reads "is required"; zod's own wording is kept for every other problem. */
function required(issue: { code?: string; input?: unknown }): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;
}

/**
 * Parses a request body, refusing it with 400 BAD_DATA and one `{field, message}` per problem when it does not fit
 * (`orderItems[3].quantity`, or `body` when the body itself is the problem).
 */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { error: required });
  if (result.success) return result.data;
  throw refusal(
    'BAD_DATA',
    result.error.issues.map((issue) => ({ field: z.core.toDotPath(issue.path) || 'body', message: issue.message })),
  );
}
