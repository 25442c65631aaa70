import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isoSeconds } from '../shared/clock.js';

/** The simulator's time of a request: whole seconds, as graphql-ruby's ISO8601DateTime keeps them. */
export function wholeSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): string {
  if (typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw new GraphQLError(`${JSON.stringify(value)} is not an ISO-8601 date and time (e.g. 2026-03-09T14:30:00Z)`);
}

/**
 * graphql-ruby's ISO8601DateTime, in UTC and whole seconds. Inputs stay strings (as the generated client types
 * say); resolvers read them with `new Date`.
 */
export const iso8601DateTime = new GraphQLScalarType<string, string>({
  name: 'ISO8601DateTime',
  serialize(value) {
    if (value instanceof Date) return isoSeconds(value);
    throw new TypeError(`ISO8601DateTime cannot represent ${String(value)}`);
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('ISO8601DateTime must be a string', { nodes: [ast] });
    return parse(ast.value);
  },
});
