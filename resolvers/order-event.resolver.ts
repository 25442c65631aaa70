import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { Marketplace } from '../schema/marketplace.js';
import { Order } from '../schema/order.js';
import { OrderEvent } from '../schema/order-event.js';
import { RequiresRole } from '../schema/requires-role.js';
import { parseOrderId } from '../datasources/orders/order-ids.js';
import { BadInput } from '../src/domain/errors.js';
import { WEBHOOK_EVENT_ID } from '../src/domain/stored-ids.js';
import type { GatewayContext } from '../src/graphql/context.js';
import { Cost } from '../src/graphql/limits/field-cost.js';
import type { OrderEvent as StoredOrderEvent } from '../src/store/callback-store.js';

interface OrderEventsArgs {
  marketplaces?: Marketplace[] | null;
  orderId?: string | null;
  since?: string | null;
}

/** A cursor as clients hold it: the decimal digits of the store's number. */
function readSince(since: string | null | undefined): number | undefined {
  if (since == null) return undefined;
  if (!/^\d{1,15}$/.test(since)) {
    throw BadInput.at('since', '"since" must be the cursor of an earlier event: a whole number 0 or more, in digits');
  }
  return Number(since);
}

function subscribeToOrderEvents({ args, context }: SubscribeResolverData<unknown, OrderEventsArgs, GatewayContext>) {
  if (args.orderId != null) context.access.require(parseOrderId(args.orderId, 'orderId').marketplace);
  // Always a list of the caller's marketplaces, never "all": another marketplace's event cannot match it.
  const marketplaces = context.access.narrow(args.marketplaces ?? undefined, Object.values(Marketplace));
  return context.events.orders.subscribe({ marketplaces, orderId: args.orderId ?? undefined }, readSince(args.since));
}

/** Order changes as they happen, from every marketplace's webhooks and from this gateway's own mutations. */
@Resolver(() => OrderEvent)
export class OrderEventResolver {
  @RequiresRole('viewer')
  @Subscription(() => OrderEvent, {
    description:
      'Every order change: webhooks and callbacks of every marketplace, and mutations made here. With `since` (the ' +
      '`cursor` of the last event received), every stored event after it arrives first, then live ones, with no ' +
      'gap and no repeat between them.',
    subscribe: subscribeToOrderEvents,
  })
  orderEvents(
    @Root() event: StoredOrderEvent,
    @Arg('marketplaces', () => [Marketplace], { nullable: true, description: 'Only these marketplaces.' })
    _marketplaces: Marketplace[] | null,
    @Arg('orderId', () => ID, { nullable: true, description: 'Only this order.' }) _orderId: string | null,
    @Arg('since', () => String, { nullable: true, description: 'Replay the stored events after this cursor first.' })
    _since: string | null,
  ): OrderEvent {
    return { ...event, cursor: String(event.cursor) };
  }

  @FieldResolver(() => Order, {
    nullable: true,
    description:
      'The order as it stands after the event, read from its marketplace when the event is resolved (once for every ' +
      'subscriber resolving it); null (with an error) when it cannot be read.',
  })
  @Cost({ calls: () => 1 })
  order(@Root() event: OrderEvent, @Ctx() ctx: GatewayContext): Promise<Order> {
    return ctx.orders.order(event.orderId);
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: 'The `id` of the stored webhook event the change came from.',
  })
  webhookEventId(@Root() event: OrderEvent): string | null {
    return event.webhookEventId === null ? null : WEBHOOK_EVENT_ID.show(event.webhookEventId);
  }
}
