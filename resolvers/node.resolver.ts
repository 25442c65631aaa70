import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { asNode, Node, type NodeValue } from '../schema/node.js';
import { OrderLine, OrderShipment } from '../schema/order.js';
import { RequiresRole } from '../schema/requires-role.js';
import { parseOrderNodeId } from '../datasources/orders/order-ids.js';
import { checkId } from '../src/domain/ids.js';
import { AUDIT_ENTRY_ID, WEBHOOK_EVENT_ID } from '../src/domain/stored-ids.js';
import { senderMarketplace } from '../src/domain/webhook-event.js';
import { requireRole } from '../src/graphql/auth-checker.js';
import type { GatewayContext } from '../src/graphql/context.js';
import { Cost } from '../src/graphql/limits/field-cost.js';
import { requireWholeAuditLog } from './audit.resolver.js';

/**
 * Relay's `node(id:)`: any object with a global id, read through the datasources, loaders and checks of the field
 * that lists it (`order`, `webhookEvents`, `auditLog`), so it answers what that field would, and null for the id of
 * nothing.
 */
@Resolver()
export class NodeResolver {
  @RequiresRole('viewer')
  @Query(() => Node, {
    nullable: true,
    description:
      'Any object by its global `id` (README, “Ids”), with the checks of the field that lists it: an order or a part ' +
      'of one needs its marketplace, a webhook event or an audit entry the admin role. Null when no object has the ' +
      'id; a malformed id is BAD_USER_INPUT.',
  })
  // At most one read: an order from its marketplace, or the store.
  @Cost({ calls: () => 1 })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<NodeValue | null> {
    if (id.startsWith(WEBHOOK_EVENT_ID.prefix)) return webhookEvent(id, ctx);
    if (id.startsWith(AUDIT_ENTRY_ID.prefix)) return auditEntry(id, ctx);
    const node = parseOrderNodeId(id);
    const order = await ctx.orders.findOrder(node.order.id);
    if (order === undefined) return null;
    switch (node.type) {
      case 'Order':
        return asNode('Order', order);
      case 'OrderLine': {
        const line = order.lines.find((candidate) => candidate.id === node.lineId);
        return line === undefined ? null : asNode('OrderLine', OrderLine.of(order.id, line));
      }
      case 'OrderShipment': {
        const shipment = order.shipments.find((candidate) => candidate.id === node.shipmentId);
        return shipment === undefined ? null : asNode('OrderShipment', OrderShipment.of(order.id, shipment));
      }
    }
  }
}

/** A stored webhook, as `webhookEvents` lets its caller see it: an admin of its sender's marketplace. */
async function webhookEvent(id: string, ctx: GatewayContext): Promise<NodeValue | null> {
  requireRole(ctx.principal, ['admin'], 'node(id:) of a WebhookEvent');
  const stored = await ctx.store.findWebhookEvent(WEBHOOK_EVENT_ID.stored(checkId('id', id, WEBHOOK_EVENT_ID.shape)));
  if (stored === undefined) return null;
  ctx.access.require(senderMarketplace(stored.source));
  return asNode('WebhookEvent', stored);
}

/** An audit entry, as `auditLog` lets its caller see it: an admin of every marketplace. */
async function auditEntry(id: string, ctx: GatewayContext): Promise<NodeValue | null> {
  requireRole(ctx.principal, ['admin'], 'node(id:) of an AuditEntry');
  requireWholeAuditLog(ctx, 'node(id:) of an AuditEntry');
  const stored = await ctx.store.findAuditEntry(AUDIT_ENTRY_ID.stored(checkId('id', id, AUDIT_ENTRY_ID.shape)));
  return stored === undefined ? null : asNode('AuditEntry', stored);
}
