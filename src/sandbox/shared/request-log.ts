import type { FastifyReply, FastifyRequest } from 'fastify';

export interface RecordedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** Without the leading `?`; empty when there is none. */
  query: string;
  /** 0 until the answer is sent. */
  status: number;
  userAgent: string | undefined;
}

export function splitUrl(url: string): { path: string; query: string } {
  const mark = url.indexOf('?');
  return mark === -1 ? { path: url, query: '' } : { path: url.slice(0, mark), query: url.slice(mark + 1) };
}

/**
 * Entries kept: far more than any test inspects, and a bound on memory when `npm start` runs for days at noon's
 * 1,500 requests a minute.
 */
const MAX_ENTRIES = 10_000;

/**
 * The latest requests the simulated noon received (up to MAX_ENTRIES), in arrival order. The status is filled in `onSend`, before the
 * answer leaves, so a test that has its response in hand always finds it recorded.
 */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private readonly byRequest = new WeakMap<FastifyRequest, RecordedRequest>();

  readonly onRequest = async (request: FastifyRequest): Promise<void> => {
    const entry: RecordedRequest = {
      method: request.method,
      ...splitUrl(request.url),
      status: 0,
      userAgent: request.headers['user-agent'],
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    this.byRequest.set(request, entry);
  };

  readonly onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const entry = this.byRequest.get(request);
    if (entry !== undefined) entry.status = reply.statusCode;
    return payload;
  };

  list(): RecordedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  reset(): void {
    this.entries = [];
  }
}
