import type { Connection } from 'mongoose';
import { auditEntrySchema } from './audit-entry-model.js';
import { operationSchema } from './operation-model.js';
import { orderErrorSchema } from './order-errors-model.js';
import { orderEventSchema } from './order-event-model.js';
import { orderSchema } from './order-model.js';
import { webhookEventSchema } from './webhook-event-model.js';

/** The store's models on one connection (the gateway's own: it shares mongoose's default with no one). */
export function storeModels(connection: Connection) {
  return {
    orders: connection.model('Order', orderSchema),
    operations: connection.model('Operation', operationSchema),
    orderErrors: connection.model('OrderError', orderErrorSchema),
    webhookEvents: connection.model('WebhookEvent', webhookEventSchema),
    orderEvents: connection.model('OrderEvent', orderEventSchema),
    auditEntries: connection.model('AuditEntry', auditEntrySchema),
  };
}

export type StoreModels = ReturnType<typeof storeModels>;
