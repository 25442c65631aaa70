import type { FastifyReply, FastifyRequest } from 'fastify';

/** What every log entry holds: the answer's status, 0 until the answer is sent. */
export interface LoggedRequest {
  status: number;
}

/**
 * When the simulator saw a request and answered it, in `performance.now()` milliseconds: one clock for every
 * simulator of a process, so tests can tell which calls a client made at once and which only after another's answer.
 */
export interface RequestTimes {
  receivedAt: number;
  /** Null until the answer is sent. */
  answeredAt: number | null;
}

/** How a log describes a request: as it arrives, and then from the body of its answer when that tells more. */
export interface RequestDescriber<Entry extends LoggedRequest> {
  /** The entry of a request just received (status 0); it may read the body when the log runs once it is parsed. */
  received(request: FastifyRequest): Entry;
  /** Completes `entry` from the answer's serialized body, before it leaves. */
  answered?(entry: Entry, payload: unknown): void;
}

export interface RecordedRequest extends LoggedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** Without the leading `?`; empty when there is none. */
  query: string;
  userAgent: string | undefined;
}

export function splitUrl(url: string): { path: string; query: string } {
  const mark = url.indexOf('?');
  return mark === -1 ? { path: url, query: '' } : { path: url.slice(0, mark), query: url.slice(mark + 1) };
}

/** A request as HTTP sees it: method, path, query and User-Agent. */
export const httpRequest: RequestDescriber<RecordedRequest> = {
  received: (request) => ({
    method: request.method,
    ...splitUrl(request.url),
    status: 0,
    userAgent: request.headers['user-agent'],
  }),
};

/**
 * Entries kept: far more than any test inspects, and a bound on memory when `npm start` runs for days at noon's
 * 1,500 requests a minute.
 */
const MAX_ENTRIES = 10_000;

/**
 * The latest requests a simulator received (up to MAX_ENTRIES), in arrival order, each described by `describe`.
 * `record` is the hook that sees a request (onRequest, or preHandler when the entry reads the body); the status is
 * filled in `onSend`, before the answer leaves, so a test that has its response in hand always finds it recorded.
 */
export class RequestLog<Entry extends LoggedRequest> {
  private recorded: Array<Entry & RequestTimes> = [];
  private readonly byRequest = new WeakMap<FastifyRequest, Entry & RequestTimes>();

  constructor(private readonly describe: RequestDescriber<Entry>) {}

  readonly record = async (request: FastifyRequest): Promise<void> => {
    const entry = { ...this.describe.received(request), receivedAt: performance.now(), answeredAt: null };
    this.recorded.push(entry);
    if (this.recorded.length > MAX_ENTRIES) this.recorded.shift();
    this.byRequest.set(request, entry);
  };

  readonly onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const entry = this.byRequest.get(request);
    if (entry !== undefined) {
      entry.status = reply.statusCode;
      entry.answeredAt = performance.now();
      this.describe.answered?.(entry, payload);
    }
    return payload;
  };

  /** Copies of the entries, oldest first. */
  list(): Array<Entry & RequestTimes> {
    return structuredClone(this.recorded);
  }

  reset(): void {
    this.recorded = [];
  }
}
