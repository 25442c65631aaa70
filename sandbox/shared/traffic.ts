import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxClock } from './clock.js';
import { splitUrl } from './request-log.js';

/** A canned failure for the next matching request(s). */
export interface SandboxFault {
  /** HTTP method to match, any case; every method when omitted. */
  method?: string;
  /** Exact path (no query string) or a pattern tested against it; every path when omitted. */
  path?: string | RegExp;
  /** HTTP status to answer; omitted, the handler's own answer is sent after processing, held back by `holdMs`. */
  status?: number;
  /** The marketplace's error code for the body; the simulator picks its usual one for `status` when omitted. */
  code?: string;
  /** How many matching requests fail; default 1. */
  count?: number;
  /** Process the request first (state changes), then answer the error: a response lost after the fact. */
  afterProcessing?: boolean;
  /** Send `Retry-After` with this many seconds. */
  retryAfterSeconds?: number;
  /**
   * Hold the answer this many milliseconds after processing: a response slower than what the request set off, as
   * when a marketplace's callback overtakes the answer to the call that caused it.
   */
  holdMs?: number;
}

/** A fault that answers an error of its own. */
type RefusingFault = SandboxFault & { status: number };

export interface TrafficSettings {
  /** Added before every API answer. */
  latencyMs: number;
  /** Requests one window accepts; the next ones get 429 until it closes. */
  ratePerMinute: number;
  /** Length of the rate-limit window. */
  rateWindowSeconds: number;
  /** Sent as Retry-After on rate-limit refusals, when set. */
  retryAfterSeconds: number | undefined;
}

/** A simulator's start options for its traffic; the simulator's TrafficDefaults fill in those omitted. */
export interface TrafficOptions {
  /** Delay added to every API answer, in milliseconds; default 0. */
  latencyMs?: number;
  /** Requests a rate-limit window accepts before answering 429. */
  ratePerMinute?: number;
  /** Length of one rate-limit window in seconds; tests shorten it. */
  rateWindowSeconds?: number;
  /** Retry-After seconds on rate-limit refusals. */
  retryAfterSeconds?: number;
}

/** A simulator's rate limit unless its options say otherwise: its marketplace's where published, else our choice. */
export interface TrafficDefaults {
  ratePerMinute: number;
  rateWindowSeconds: number;
  /** Whether a rate-limit refusal carries Retry-After (the window's length) when the options name none. */
  retryAfterWindow: boolean;
}

export function trafficSettings(options: TrafficOptions, defaults: TrafficDefaults): TrafficSettings {
  const rateWindowSeconds = options.rateWindowSeconds ?? defaults.rateWindowSeconds;
  return {
    latencyMs: options.latencyMs ?? 0,
    ratePerMinute: options.ratePerMinute ?? defaults.ratePerMinute,
    rateWindowSeconds,
    retryAfterSeconds: options.retryAfterSeconds ?? (defaults.retryAfterWindow ? rateWindowSeconds : undefined),
  };
}

function matches(fault: SandboxFault, request: FastifyRequest): boolean {
  const { path } = splitUrl(request.url);
  const pathMatches =
    fault.path === undefined || (typeof fault.path === 'string' ? fault.path === path : fault.path.test(path));
  return pathMatches && (fault.method === undefined || fault.method.toUpperCase() === request.method);
}

/**
 * How a simulator words a refusal: the body its marketplace sends with `status` (and `code`, when the fault or
 * the rate limit names one). Each marketplace shapes errors its own way.
 */
export type FaultBody = (status: number, code: string | undefined) => unknown;

/**
 * What stands between the network and a simulator's handlers: added latency, injected faults and the fixed-window
 * rate limit. `onRequest` acts before any processing; `onSend` holds back or swaps in the faults that strike after it.
 */
export class TrafficControl {
  private readonly faults: Array<SandboxFault & { remaining: number }> = [];
  private readonly lateFaults = new WeakMap<FastifyRequest, SandboxFault>();
  /**
   * The window opens with the first request after the previous one closed, so tests never straddle a boundary. A
   * clock rewound past its opening also closes it.
   */
  private window = { openedAt: Number.NEGATIVE_INFINITY, count: 0 };

  constructor(
    private readonly clock: SandboxClock,
    private readonly settings: TrafficSettings,
    private readonly faultBody: FaultBody,
  ) {}

  setLatency(ms: number): void {
    this.settings.latencyMs = ms;
  }

  setRatePerMinute(n: number): void {
    this.settings.ratePerMinute = n;
  }

  injectFault(fault: SandboxFault): void {
    this.faults.push({ ...fault, remaining: fault.count ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  readonly onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);

    // Every request counts against the budget, injected failures included, as at a real API gateway.
    if (this.overRateLimit()) {
      const { retryAfterSeconds } = this.settings;
      return reply.send(this.payload(reply, { status: 429, code: 'RATE_LIMIT_EXCEEDED', retryAfterSeconds }));
    }

    const fault = this.takeFault(request);
    if (fault === undefined) return undefined;
    if (fault.afterProcessing === true || fault.status === undefined) {
      this.lateFaults.set(request, fault);
      return undefined;
    }
    return reply.send(this.payload(reply, { ...fault, status: fault.status }));
  };

  readonly onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const fault = this.lateFaults.get(request);
    if (fault === undefined) return payload;
    if (fault.holdMs !== undefined) await sleep(fault.holdMs);
    return fault.status === undefined ? payload : this.payload(reply, { ...fault, status: fault.status });
  };

  /** Sets the fault's status and headers on `reply` and returns the body to send with them. */
  private payload(reply: FastifyReply, fault: RefusingFault): string {
    reply.code(fault.status).type('application/json; charset=utf-8');
    if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
    return JSON.stringify(this.faultBody(fault.status, fault.code));
  }

  private takeFault(request: FastifyRequest): SandboxFault | undefined {
    const index = this.faults.findIndex((fault) => matches(fault, request));
    const fault = this.faults[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private overRateLimit(): boolean {
    const now = this.clock.now().getTime();
    const elapsed = now - this.window.openedAt;
    if (elapsed < 0 || elapsed >= this.settings.rateWindowSeconds * 1000) this.window = { openedAt: now, count: 0 };
    this.window.count += 1;
    return this.window.count > this.settings.ratePerMinute;
  }
}
