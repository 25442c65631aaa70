import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  orderLineId,
  orderShipmentId,
  type Order as DomainOrder,
  type OrderLine as DomainOrderLine,
  type OrderShipment as DomainOrderShipment,
} from '../src/domain/order.js';
import { OrderErrorType, type OrderError as DomainOrderError } from '../src/domain/order-error.js';
import { OrderStatus } from '../src/domain/order-status.js';
import {
  OrderOperationStatus,
  OrderOperationType,
  type PendingOperation as DomainPendingOperation,
} from '../src/domain/pending-operation.js';
import { Connection } from './connection.js';
import { Entity } from './entity.js';
import { Marketplace } from './marketplace.js';
import { Money } from './money.js';
import { Node } from './node.js';
import { Currency, DateTime } from './scalars.js';

registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where an order (or one line of it) is, in the same words for every marketplace.',
  valuesConfig: {
    PENDING: { description: 'Received; not yet acknowledged or confirmed to the marketplace.' },
    ACKNOWLEDGED: { description: 'Accepted by the seller (noon acknowledge, Fruugo confirm); to be packed.' },
    PACKED: { description: 'Packed in the warehouse; awaiting a label or pickup.' },
    SHIPPED: { description: 'A shipment exists with a carrier and tracking.' },
    HANDED_OVER: { description: 'Handed to the carrier or the marketplace’s logistics.' },
    DELIVERED: { description: 'Delivered to the customer.' },
    CANCELLED: { description: 'Cancelled, by the seller or the customer. Final.' },
    RETURNED: { description: 'Returned by the customer.' },
  },
});

registerEnumType(OrderOperationType, { name: 'OrderOperationType' });

registerEnumType(OrderOperationStatus, {
  name: 'OrderOperationStatus',
  valuesConfig: {
    PENDING: { description: 'Accepted by the marketplace; its answer arrives later by webhook.' },
    SUCCEEDED: { description: 'The marketplace reported success.' },
    FAILED: { description: 'The marketplace reported failure; see the order’s errors.' },
  },
});

registerEnumType(OrderErrorType, {
  name: 'OrderErrorType',
  description: 'Which step of the order an error belongs to: its confirmation (acknowledge), shipment or cancellation.',
});

@ObjectType({ implements: Node, description: 'One line of an order.' })
export class OrderLine implements Omit<DomainOrderLine, 'id'> {
  /** Not in the schema: the line's own marketplace, for resolving its inventory. */
  marketplace!: Marketplace;

  @Field(() => ID, {
    description:
      'Globally unique: the order’s id, `/lines/` and the marketplace’s own line id, e.g. ' +
      '`NOON:NFBO100000150/lines/NI0000000001`. What `lines` of `cancelOrder` and `shipOrder` take.',
  })
  id!: string;

  @Field({
    description:
      'The marketplace’s own line id (noon mp_item_nr, Marketplacer line item, Increff orderItemCode, Fruugo ' +
      'productId/skuId): unique within its order only (the warehouse’s copy of an order keeps its source’s).',
  })
  externalId!: string;

  /** `line` of the order `orderId`, as the schema shows it: its id made global. */
  static of(orderId: string, line: DomainOrderLine): OrderLine {
    return { ...line, id: orderLineId(orderId, line.id), externalId: line.id };
  }

  @Field({
    description: 'The seller’s SKU (noon partner_sku, Fruugo skuId, Increff channelSkuCode, Marketplacer variant SKU).',
  })
  sku!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Money, {
    nullable: true,
    description: 'Price of one unit, tax included, as the marketplace charged it.',
  })
  unitPrice!: Money | null;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => String, { nullable: true, description: 'The marketplace’s own status of this line, where it has one.' })
  marketplaceStatus!: string | null;
}

@ObjectType({ implements: Node, description: 'A parcel of an order on its way to the customer.' })
export class OrderShipment implements DomainOrderShipment {
  @Field(() => ID, {
    description:
      'Globally unique: the order’s id, `/shipments/` and the marketplace’s own shipment id, e.g. ' +
      '`MARKETPLACER:10120/shipments/501`.',
  })
  id!: string;

  @Field({
    description:
      'The marketplace’s shipment id (noon integration_shipment_nr, Marketplacer shipment id, ...): unique within ' +
      'its order only.',
  })
  externalId!: string;

  /** `shipment` of the order `orderId`, as the schema shows it: its id and its lines' ids made global. */
  static of(orderId: string, shipment: DomainOrderShipment): OrderShipment {
    return {
      ...shipment,
      id: orderShipmentId(orderId, shipment.id),
      externalId: shipment.id,
      lineIds: shipment.lineIds.map((lineId) => orderLineId(orderId, lineId)),
    };
  }

  @Field(() => String, { nullable: true })
  carrier!: string | null;

  @Field(() => String, { nullable: true, description: 'The airway bill or tracking number.' })
  trackingNumber!: string | null;

  @Field(() => String, { nullable: true })
  trackingUrl!: string | null;

  @Field(() => [ID], { description: 'The `id`s of the order lines in this shipment.' })
  lineIds!: string[];

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;
}

@ObjectType({ description: 'A problem a marketplace reported about an order, kept by the gateway.' })
export class OrderError implements DomainOrderError {
  @Field(() => OrderErrorType)
  type!: OrderErrorType;

  @Field({ description: 'The marketplace’s message, as sent.' })
  message!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The request field it is about, when the marketplace names one.',
  })
  field!: string | null;

  @Field(() => String, { nullable: true, description: 'The correlation id of the call it answers.' })
  correlationId!: string | null;

  @Field(() => DateTime)
  createdAt!: Date;
}

@ObjectType({ description: 'A call a marketplace accepted (202) and answers later by webhook (Fruugo).' })
export class PendingOperation implements DomainPendingOperation {
  @Field(() => ID, { description: 'The correlation id sent with the call and echoed by the marketplace’s callback.' })
  correlationId!: string;

  @Field(() => OrderOperationType)
  type!: OrderOperationType;

  @Field(() => OrderOperationStatus)
  status!: OrderOperationStatus;

  @Field(() => DateTime)
  requestedAt!: Date;

  @Field(() => DateTime, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType({ implements: Node, description: 'An order from any marketplace, in one shape.' })
@Entity({ key: 'id', query: 'order' })
export class Order implements DomainOrder {
  @Field(() => ID, {
    description: 'Globally unique and readable: `MARKETPLACE:externalId`, e.g. `FRUUGO:9164260001000444`.',
  })
  id!: string;

  @Field(() => Marketplace)
  marketplace!: Marketplace;

  @Field({ description: 'The marketplace’s own order number.' })
  externalId!: string;

  @Field(() => OrderStatus, {
    description: 'The order as a whole: the least advanced of its live lines (README, status table).',
  })
  status!: OrderStatus;

  @Field(() => String, {
    nullable: true,
    description:
      'The marketplace’s own order-level status, as sent (Fruugo’s orderStatus, Increff’s order status); null where ' +
      'the marketplace has none (noon, Marketplacer: their lines each have theirs, `OrderLine.marketplaceStatus`).',
  })
  marketplaceStatus!: string | null;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime)
  updatedAt!: Date;

  @Field(() => Currency)
  currency!: string;

  @Field(() => Money, {
    nullable: true,
    description: 'What the customer pays for the lines, when the marketplace says.',
  })
  total!: Money | null;

  /** The domain's lines; the schema's `lines` (OrderResolver) shows them with global ids. */
  lines!: DomainOrderLine[];

  /** The domain's shipments; the schema's `shipments` (OrderResolver) shows them with global ids. */
  shipments!: DomainOrderShipment[];
}

@ObjectType()
export class OrderConnection extends Connection(Order) {}

/** The domain's enums, registered above: importing them from here is what puts them in the schema. */
export { OrderErrorType, OrderOperationStatus, OrderOperationType, OrderStatus };
