import type { SandboxClock } from './clock.js';
import type { RecordedRequest, RequestLog, RequestTimes } from './request-log.js';
import type { SandboxFault, TrafficControl } from './traffic.js';

/**
 * What a test (or a human, through /_sandbox) may do to the traffic and the clock of any simulator, which no
 * marketplace's API offers. Each simulator's control adds its own marketplace's.
 */
export interface SandboxTrafficControl {
  /** Delay added before every API answer from now on. */
  setLatency(ms: number): void;
  /** New budget of the rate-limit window, applied to the current window too. */
  setRatePerMinute(n: number): void;
  /**
   * The next `count` (default 1) requests matching method/path answer `status` with the marketplace's error body
   * (the simulator's fault body: the code its marketplace uses for the status unless `code` names one). With
   * `afterProcessing: true` the request is processed first (state changes, calls it causes) and then the error is
   * answered: a lost response.
   */
  injectFault(fault: SandboxFault): void;
  /** Drops every fault not yet used up. */
  clearFaults(): void;
  /** Moves the sandbox clock (what the simulator dates, its expiries and the rate window); negative seconds rewind it. */
  advanceClock(seconds: number): void;
  /** The sandbox clock's current time. */
  now(): Date;
}

/** The request log of a simulator whose marketplace answers by method and path. */
export interface SandboxRequestControl {
  /** Every API request seen, with when it came and was answered, oldest first (not the /_sandbox ones). */
  requests(): Array<RecordedRequest & RequestTimes>;
  /** Forgets the requests seen so far. */
  resetRequests(): void;
}

export function trafficControl(clock: SandboxClock, traffic: TrafficControl): SandboxTrafficControl {
  return {
    setLatency: (ms) => traffic.setLatency(ms),
    setRatePerMinute: (n) => traffic.setRatePerMinute(n),
    injectFault: (fault) => traffic.injectFault(fault),
    clearFaults: () => traffic.clearFaults(),
    advanceClock: (seconds) => clock.advance(seconds),
    now: () => clock.now(),
  };
}

export function requestControl(log: RequestLog<RecordedRequest>): SandboxRequestControl {
  return {
    requests: () => log.list(),
    resetRequests: () => log.reset(),
  };
}
