import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { OrderEventOrigin, OrderEventType } from '../src/domain/order-event.js';
import { Marketplace } from './marketplace.js';
import { OrderStatus } from './order.js';
import { DateTime } from './scalars.js';

registerEnumType(OrderEventType, {
  name: 'OrderEventType',
  description: 'What happened to an order.',
  valuesConfig: {
    CREATED: { description: 'The gateway learnt of a new order.' },
    STATUS_CHANGED: { description: 'The order moved to `status`.' },
    UPDATED: { description: 'Something other than the status changed (lines, shipments, addresses).' },
    OPERATION_REQUESTED: {
      description:
        'A mutation (confirm, ship, cancel) was accepted by the marketplace; where it answers by callback (Fruugo), its outcome follows as another event.',
    },
    ERROR_REPORTED: { description: 'The marketplace reported an error about the order; `message` carries its words.' },
  },
});

registerEnumType(OrderEventOrigin, {
  name: 'OrderEventOrigin',
  description: 'How the gateway learnt of an order change.',
  valuesConfig: {
    WEBHOOK: { description: 'A marketplace’s webhook or callback (its stored event is `webhookEventId`).' },
    MUTATION: { description: 'A mutation made through this gateway.' },
  },
});

@ObjectType({ description: 'One change of one order. The order itself, as it stands now, is `order`.' })
export class OrderEvent {
  @Field({
    description:
      'Monotonic: every later event has a larger cursor. Pass the last one seen as `since` to receive what was missed.',
  })
  cursor!: string;

  @Field(() => OrderEventType)
  type!: OrderEventType;

  @Field(() => ID, { description: 'The `Order.id`, e.g. `FRUUGO:9164260001000444`.' })
  orderId!: string;

  @Field(() => Marketplace)
  marketplace!: Marketplace;

  @Field(() => OrderStatus, {
    nullable: true,
    description: 'The order’s status after the change, where the sender said it.',
  })
  status!: OrderStatus | null;

  @Field(() => OrderEventOrigin)
  origin!: OrderEventOrigin;

  /** The store's UUID; the schema's `webhookEventId` (OrderEventResolver) is the WebhookEvent's `id`. */
  webhookEventId!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => DateTime)
  occurredAt!: Date;
}

/** The domain's enums, registered above: importing them from here is what puts them in the schema. */
export { OrderEventOrigin, OrderEventType };
