import type { Logger } from '../logger.js';
import type { NoonInboundDataSource } from '../../datasources/noon/inbound/datasource.js';

/**
 * What every resolver gets for one GraphQL operation (an HTTP request, or one operation on a websocket): its
 * logger (carrying the request id) and that operation's datasources, whose DataLoaders live exactly as long.
 */
export interface GatewayContext {
  requestId: string;
  log: Logger;
  noonInbound: NoonInboundDataSource;
}

/** Builds the context of one operation; made once at start-up from the process-wide clients. */
export type ContextFactory = (log: Logger, requestId: string) => GatewayContext;
