import type { FastifyReply, FastifyRequest } from 'fastify';
import { graphqlErrorsOf } from '../../../datasources/marketplacer/errors.js';

/** One request to the GraphQL endpoint, named by its operation so tests can count the calls of each. */
export interface RecordedOperation {
  /** `operationName`, else the name in the document; null for an anonymous operation or an unreadable body. */
  operationName: string | null;
  /** 0 until the answer is sent. */
  status: number;
  /** `extensions.code` of each error in the answer (MISSING_SCOPE, RATE_LIMIT_EXCEEDED...). */
  errorCodes: string[];
}

/** Entries kept: far more than any test reads, and a bound on memory for a long `npm start`. */
const MAX_ENTRIES = 10_000;

function operationNameOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { operationName, query } = body as { operationName?: unknown; query?: unknown };
  if (typeof operationName === 'string' && operationName !== '') return operationName;
  return typeof query === 'string' ? (/\b(?:query|mutation)\s+([_A-Za-z]\w*)/.exec(query)?.[1] ?? null) : null;
}

function errorCodesOf(payload: unknown): string[] {
  if (typeof payload !== 'string' || !payload.includes('"errors"')) return [];
  try {
    return graphqlErrorsOf(JSON.parse(payload)).flatMap((error) =>
      typeof error.extensions?.code === 'string' ? [error.extensions.code] : [],
    );
  } catch {
    return [];
  }
}

/**
 * The latest requests to the simulated API, oldest first. The request is recorded once its body is read (a
 * preHandler, registered before the rate limit and faults so refused calls count too); the answer in `onSend`,
 * before it leaves, so a test holding a response always finds it recorded.
 */
export class OperationLog {
  private entries: RecordedOperation[] = [];
  private readonly byRequest = new WeakMap<FastifyRequest, RecordedOperation>();

  readonly preHandler = async (request: FastifyRequest): Promise<void> => {
    const entry: RecordedOperation = { operationName: operationNameOf(request.body), status: 0, errorCodes: [] };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    this.byRequest.set(request, entry);
  };

  readonly onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const entry = this.byRequest.get(request);
    if (entry !== undefined) {
      entry.status = reply.statusCode;
      entry.errorCodes = errorCodesOf(payload);
    }
    return payload;
  };

  list(): RecordedOperation[] {
    return this.entries.map((entry) => ({ ...entry, errorCodes: [...entry.errorCodes] }));
  }

  reset(): void {
    this.entries = [];
  }
}
