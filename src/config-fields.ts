import { z } from 'zod';

/** An integer variable between `min` and `max`, given as text. */
export const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Each issue as `VARIABLE: message`, the way a refused configuration names it. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => `${prefix}${issue.path.join('.') || '(value)'}: ${issue.message}`);
}

/**
 * A marketplace configured by several variables: all of `required` set configures it, none leaves it off (or to
 * its simulator), and a partial set is a mistake worth stopping for (naming what is missing). Variables in `optional`
 * alone also count as a partial set: they mean nothing without the rest.
 */
export function group<Env extends object, T>(
  env: Env,
  problems: string[],
  name: string,
  required: Array<keyof Env & string>,
  optional: Array<keyof Env & string>,
  build: (env: Env) => T,
): T | undefined {
  const missing = required.filter((key) => env[key] === undefined);
  const anySet = [...required, ...optional].some((key) => env[key] !== undefined);
  if (!anySet) return undefined;
  if (missing.length > 0) {
    problems.push(
      `${name} is partly configured: set ${missing.join(', ')} as well (or none of its variables for the sandbox)`,
    );
    return undefined;
  }
  return build(env);
}
