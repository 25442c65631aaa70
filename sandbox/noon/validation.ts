import type { z } from 'zod';
import { validationError } from './errors.js';

/** Appendix C words a missing field "field required"; zod's own wording is kept for every other problem. */
function fieldRequired(issue: { code?: string; input?: unknown }): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'field required' : undefined;
}

/** `items[3].qty`, the way a JSON path reads in an error message. */
function fieldName(path: readonly PropertyKey[], root: string): string {
  if (path.length === 0) return root;
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      return index === 0 ? String(segment) : `.${String(segment)}`;
    })
    .join('');
}

/**
 * Parses a request body or query string, answering noon's 422 VALIDATION_ERROR with one `{field, message}` per
 * problem when it does not fit. `root` names the whole input when it is itself the problem (e.g. no body at all).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root: 'body' | 'query'): z.output<S> {
  const result = schema.safeParse(input, { error: fieldRequired });
  if (result.success) return result.data;
  throw validationError(
    result.error.issues.map((issue) => ({ field: fieldName(issue.path, root), message: issue.message })),
  );
}
