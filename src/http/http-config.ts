import type { Tracer } from '@opentelemetry/api';
import type { UpstreamObserver } from './upstream-observer.js';

/** The gateway-wide settings of every upstream call (`USER_AGENT`, `HTTP_*`), which each marketplace's client uses. */
export interface HttpConfig {
  /** Sent on every upstream call. */
  userAgent: string;
  timeoutMs: number;
  retry: { maxRetries: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number };
  breaker: { threshold: number; halfOpenAfterMs: number };
  /** The share (1–100 %) of a marketplace's request budget one caller may take (UPSTREAM_CALLER_SHARE_PERCENT). */
  callerSharePercent: number;
  /** Told of every upstream attempt, retry and wait (the gateway's metrics); set by the gateway, not the environment. */
  observer?: UpstreamObserver;
  /** Where the calls are traced (src/http/call-spans.ts); set by the gateway, not the environment. */
  tracer?: Tracer;
}
