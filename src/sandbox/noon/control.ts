import type { SandboxClock } from '../shared/clock.js';
import type { SandboxFault, TrafficControl } from '../shared/traffic.js';
import type { IdentityService } from './identity.js';
import type { RecordedRequest, RequestLog } from '../shared/request-log.js';
import type { ShipmentStore } from './shipments.js';

/** What a test (or a human, through /_sandbox) may do to the simulated noon that noon's API offers no way to do. */
export interface NoonSandboxControl {
  /** Delay added before every noon answer from now on. */
  setLatency(ms: number): void;
  /** New budget of the rate limit, applied to the current window too. */
  setRatePerMinute(n: number): void;
  /**
   * The next `count` (default 1) requests matching method/path answer `status` with a noon error body (code defaults
   * from status: 429 RATE_LIMIT_EXCEEDED, 500 INTERNAL_ERROR, 401 UNAUTHORIZED...). With `afterProcessing: true` the
   * request is processed first (state changes) and then the error is answered — to simulate a lost response.
   */
  injectFault(fault: SandboxFault): void;
  /** Drops every fault not yet used up. */
  clearFaults(): void;
  /** Moves the sandbox clock (expiry, slots, sessions, rate window); negative seconds rewind it. */
  advanceClock(seconds: number): void;
  /** The sandbox clock's current time. */
  now(): Date;
  /** Ends every session: the next API call answers 401 until the client logs in again. */
  expireSessions(): void;
  /** Warehouse side: SCHEDULED → RECEIVING, RECEIVING → INBOUNDED (qty_received / qty_putaway set). */
  receiveShipment(asnNr: string, status: 'RECEIVING' | 'INBOUNDED', qtyReceived?: number): void;
  /** Every request seen (login included), oldest first. */
  requests(): RecordedRequest[];
  /** Forgets the requests seen so far. */
  resetRequests(): void;
}

export function createControl(parts: {
  clock: SandboxClock;
  traffic: TrafficControl;
  identity: IdentityService;
  shipments: ShipmentStore;
  log: RequestLog;
}): NoonSandboxControl {
  const { clock, traffic, identity, shipments, log } = parts;
  return {
    setLatency: (ms) => traffic.setLatency(ms),
    setRatePerMinute: (n) => traffic.setRatePerMinute(n),
    injectFault: (fault) => traffic.injectFault(fault),
    clearFaults: () => traffic.clearFaults(),
    advanceClock: (seconds) => clock.advance(seconds),
    now: () => clock.now(),
    expireSessions: () => identity.expireAllSessions(),
    receiveShipment: (asnNr, status, qtyReceived) => {
      shipments.receive(asnNr, `ASN_STATUS_${status}`, qtyReceived);
    },
    requests: () => log.list(),
    resetRequests: () => log.reset(),
  };
}
