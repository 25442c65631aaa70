import type { TestGateway } from './gateway.js';

/** The four simulators of a test gateway, in process or not. */
type Simulators = Pick<TestGateway, 'noon' | 'fruugo' | 'increff' | 'marketplacer'>;

/** One call a simulator received: its marketplace, what it was (path or GraphQL operation) and when. */
export interface UpstreamCall {
  marketplace: 'NOON' | 'FRUUGO' | 'INCREFF' | 'MARKETPLACER';
  /** The path, or Marketplacer's operation name. */
  call: string;
  receivedAt: number;
  answeredAt: number | null;
}

/** Every call the four simulators received since their logs were last reset, in arrival order. */
export function upstreamCalls(gw: Simulators): UpstreamCall[] {
  const byPath = (marketplace: UpstreamCall['marketplace'], requests: ReturnType<typeof gw.noon.control.requests>) =>
    requests.map(({ path, receivedAt, answeredAt }) => ({ marketplace, call: path, receivedAt, answeredAt }));
  return [
    ...byPath('NOON', gw.noon.control.requests()),
    ...byPath('FRUUGO', gw.fruugo.control.requests()),
    ...byPath('INCREFF', gw.increff.control.requests()),
    ...gw.marketplacer.control.operations().map(({ operationName, receivedAt, answeredAt }) => ({
      marketplace: 'MARKETPLACER' as const,
      call: operationName ?? '(anonymous)',
      receivedAt,
      answeredAt,
    })),
  ].sort((one, other) => one.receivedAt - other.receivedAt);
}

export function resetUpstreamCalls(gw: Simulators): void {
  for (const simulator of [gw.noon, gw.fruugo, gw.increff]) simulator.control.resetRequests();
  gw.marketplacer.control.resetOperations();
}

/**
 * The calls grouped in rounds of calls made one after the other: a call is in the round after the latest of those
 * answered before it was received (it may have waited for that answer), the first round when none was. With a
 * latency set on the simulators, calls made at once all arrive before any is answered, so the number of rounds is
 * the number of upstream waits a client sat through, whatever the machine's speed.
 */
export function upstreamRounds(calls: readonly UpstreamCall[]): UpstreamCall[][] {
  const rounds: UpstreamCall[][] = [];
  const roundOf = new Map<UpstreamCall, number>();
  for (const call of calls) {
    const before = calls.filter((other) => other.answeredAt !== null && other.answeredAt <= call.receivedAt);
    const round = Math.max(-1, ...before.map((other) => roundOf.get(other) ?? -1)) + 1;
    roundOf.set(call, round);
    (rounds[round] ??= []).push(call);
  }
  return rounds;
}

/** A round as `MARKETPLACE call` strings, sorted, for assertions that read like the log. */
export function describeRound(round: readonly UpstreamCall[]): string[] {
  return round.map((call) => `${call.marketplace} ${call.call}`).sort();
}
