import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  CORRELATION_HEADER,
  type AcceptedResponse,
  type CallbackType,
  type OrderListPayload,
  type OrderResponse,
  type ResponseListPayload,
  type TransactionType,
} from './wire.js';
import type { CallbackDispatcher } from './callbacks.js';
import { writeLoose } from './loose-writer.js';
import type { OrderBook } from './orders.js';
import { cancelBody, confirmBody, searchBody, shipBody } from './schemas.js';
import { parseBody } from './validation.js';

/** The caller's correlation id when it sent one, else a new one (reference 3). */
function correlationIdOf(request: FastifyRequest): string {
  const sent = request.headers[CORRELATION_HEADER.toLowerCase()];
  const value = Array.isArray(sent) ? sent[0] : sent;
  return value !== undefined && value.trim() !== '' ? value.trim() : randomUUID();
}

/**
 * 202 Accepted with the correlation id in the `X-Correlation-ID` header and in the body (our choice: Fruugo says
 * only that it returns the id with the 202); the result leaves later as a callback.
 */
function accept(request: FastifyRequest, reply: FastifyReply, respond: (correlationId: string) => void): FastifyReply {
  const correlationId = correlationIdOf(request);
  respond(correlationId);
  const body: AcceptedResponse = { correlationId };
  return reply.code(202).header(CORRELATION_HEADER, correlationId).send(body);
}

/** Orders API v3 under /v3: the download and the three order calls. */
export function orderRoutes(book: OrderBook, callbacks: CallbackDispatcher): FastifyPluginAsync {
  /** confirm, ship and cancel: each order of the body in turn, one callback with one response per order. */
  function orderCall<T>(
    schema: z.ZodType<{ orders: T[] }>,
    type: CallbackType,
    transactionType: TransactionType,
    apply: (order: T) => OrderResponse,
  ) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const body = parseBody(schema, request.body);
      return accept(request, reply, (correlationId) => {
        const payload: ResponseListPayload = { transactionType, responses: body.orders.map(apply) };
        callbacks.send(type, correlationId, writeLoose(payload));
      });
    };
  }

  return async (app) => {
    app.post('/orders', async (request, reply) => {
      const filter = parseBody(searchBody, request.body);
      return accept(request, reply, (correlationId) => {
        const payload: OrderListPayload = { transactionType: 'download', orders: book.search(filter) };
        callbacks.send('OrderList', correlationId, writeLoose(payload));
      });
    });
    app.post(
      '/orders/confirm',
      orderCall(confirmBody, 'ConfirmResponseList', 'confirm', (order) => book.confirm(order)),
    );
    app.post(
      '/orders/ship',
      orderCall(shipBody, 'ShipResponseList', 'ship', (order) => book.ship(order)),
    );
    app.post(
      '/orders/cancel',
      orderCall(cancelBody, 'CancelResponseList', 'cancel', (order) => book.cancel(order)),
    );
  };
}
