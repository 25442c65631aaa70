import { createEventBus } from '../../src/events/bus.js';
import { testLogger } from './silent-logger.js';
import { OrderEventLog } from '../../src/events/order-event-log.js';
import type { CallbackStore } from '../../src/store/callback-store.js';

/** The order event log over `store` with an in-process bus, for a datasource tested without a gateway around it. */
export function orderEventLog(store: CallbackStore): OrderEventLog {
  return new OrderEventLog(store, createEventBus(undefined, testLogger).bus, testLogger);
}
