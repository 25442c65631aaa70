import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Marketplace } from '../schema/marketplace.js';
import {
  Order,
  OrderConnection,
  OrderError,
  OrderLine,
  OrderShipment,
  OrderStatus,
  PendingOperation,
} from '../schema/order.js';
import { CancelOrderArgs, FulfilmentOrderInput, ShipOrderInput } from '../schema/order-inputs.js';
import { RequiresRole } from '../schema/requires-role.js';
import { DateTime } from '../schema/scalars.js';
import { MAX_ORDERS_PAGE } from '../datasources/orders/orders.js';
import type { GatewayContext } from '../src/graphql/context.js';
import { Cost, upTo } from '../src/graphql/limits/field-cost.js';

/** A page of the merged list: `first`, never more than the resolver takes. */
const ORDERS_PAGE = upTo(MAX_ORDERS_PAGE);

/** An order mutation: the marketplace's call, then the order read again (or the source order read, then pushed). */
const ORDER_MUTATION_CALLS = { calls: () => 2 };

/** Orders of every marketplace: reads, the merged list, and the steps that move an order forward. */
@Resolver(() => Order)
export class OrderResolver {
  @RequiresRole('viewer')
  @Query(() => Order, { description: 'One order by its global id, e.g. `FRUUGO:9164260001000444`.' })
  @Cost({ calls: () => 1 })
  order(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Order> {
    return ctx.orders.order(id);
  }

  @RequiresRole('viewer')
  @Query(() => OrderConnection, {
    description:
      'Orders of every configured marketplace (or those named) in one list, newest first. Marketplaces are asked in ' +
      'parallel; one that fails leaves the others’ orders in the answer, with one error naming it.',
  })
  @Cost<{ first: number; marketplaces: Marketplace[] | null }>({
    calls: (args, upstream) => upstream.orderList(ORDERS_PAGE(args), args.marketplaces),
    items: ORDERS_PAGE,
  })
  async orders(
    @Arg('marketplaces', () => [Marketplace], { nullable: true }) marketplaces: Marketplace[] | null,
    @Arg('status', () => [OrderStatus], { nullable: true, description: 'Orders in any of these statuses.' })
    status: OrderStatus[] | null,
    @Arg('updatedSince', () => DateTime, {
      nullable: true,
      description: 'Orders changed since then. noon lists by creation time only, so for noon this is “created since”.',
    })
    updatedSince: Date | null,
    @Arg('first', () => Int, { defaultValue: 50, description: `At most ${MAX_ORDERS_PAGE}.` }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrderConnection> {
    const { data, failures } = await ctx.orders.list({
      marketplaces: marketplaces ?? undefined,
      statuses: status ?? undefined,
      updatedSince: updatedSince ?? undefined,
      first,
      after,
    });
    ctx.partialFailures.report(failures, info);
    return data;
  }

  @FieldResolver(() => [OrderLine])
  lines(@Root() order: Order): OrderLine[] {
    return order.lines.map((line) => OrderLine.of(order.id, line));
  }

  @FieldResolver(() => [OrderShipment])
  shipments(@Root() order: Order): OrderShipment[] {
    return order.shipments.map((shipment) => OrderShipment.of(order.id, shipment));
  }

  @FieldResolver(() => [OrderError], {
    description: 'Problems the marketplace reported about this order, oldest first.',
  })
  errors(@Root() order: Order, @Ctx() ctx: GatewayContext): Promise<OrderError[]> {
    return ctx.orders.errors(order);
  }

  @FieldResolver(() => [PendingOperation], {
    description: 'Calls the marketplace accepted and answers later (Fruugo), with their outcome once known.',
  })
  pendingOperations(@Root() order: Order, @Ctx() ctx: GatewayContext): Promise<PendingOperation[]> {
    return ctx.orders.pendingOperations(order);
  }

  @RequiresRole('operator')
  @Mutation(() => Order, {
    description:
      'Accepts the order: noon acknowledge, Fruugo confirm (answered later: see pendingOperations). Marketplacer ' +
      'and Increff orders have no such step.',
  })
  @Cost(ORDER_MUTATION_CALLS)
  confirmOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Order> {
    return ctx.orders.confirm(id);
  }

  @RequiresRole('operator')
  @Mutation(() => Order, {
    description:
      'Cancels the whole order or some lines: noon marks them out of stock, Fruugo cancels, Increff records a ' +
      'customer cancellation, Marketplacer opens a refund request.',
  })
  @Cost(ORDER_MUTATION_CALLS)
  cancelOrder(@Args(() => CancelOrderArgs) args: CancelOrderArgs, @Ctx() ctx: GatewayContext): Promise<Order> {
    return ctx.orders.cancel(args.id, {
      reason: args.reason,
      lines: args.lines ?? undefined,
      messageToCustomer: args.messageToCustomer ?? undefined,
    });
  }

  @RequiresRole('operator')
  @Mutation(() => Order, {
    description:
      'Ships the whole order or some lines: noon creates a shipment, Fruugo ships, Marketplacer creates a shipment.',
  })
  @Cost(ORDER_MUTATION_CALLS)
  shipOrder(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ShipOrderInput, { defaultValue: {} }) input: ShipOrderInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<Order> {
    return ctx.orders.ship(id, {
      lines: input.lines ?? undefined,
      carrier: input.carrier ?? undefined,
      trackingNumber: input.trackingNumber ?? undefined,
      trackingUrl: input.trackingUrl ?? undefined,
      shipmentNumber: input.shipmentNumber ?? undefined,
    });
  }

  @RequiresRole('operator')
  @Mutation(() => Order, {
    description:
      'Pushes an order of any marketplace to the Increff warehouse; answers the warehouse’s order (INCREFF:…).',
  })
  @Cost(ORDER_MUTATION_CALLS)
  createFulfilmentOrder(
    @Arg('input', () => FulfilmentOrderInput) input: FulfilmentOrderInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<Order> {
    return ctx.orders.createFulfilmentOrder(input.orderId, {
      paymentMethod: input.paymentMethod,
      ...(input.locationCode ? { locationCode: input.locationCode } : {}),
    });
  }
}
