import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  UseMiddleware,
  type SubscribeResolverData,
} from 'type-graphql';
import {
  InboundEligibleItemConnection,
  InboundShipment,
  InboundShipmentConnection,
  InboundShipmentItemConnection,
  InboundShipmentItemsResult,
  InboundShipmentStatus,
  InboundWarehouseAvailability,
  StorageType,
} from '../schema/inbound-shipment.js';
import {
  CreateInboundShipmentInput,
  RemoveInboundShipmentItemsArgs,
  ScheduleInboundShipmentInput,
  SetInboundShipmentItemsArgs,
} from '../schema/inbound-shipment-inputs.js';
import { Marketplace } from '../schema/marketplace.js';
import { RequiresRole } from '../schema/requires-role.js';
import { CountryCode } from '../schema/scalars.js';
import { MarketplaceOnly } from '../src/graphql/marketplace-only.js';
import { InboundShipmentEvent } from '../schema/inbound-shipment-event.js';
import type { InboundShipmentChange } from '../src/events/inbound-shipment-change.js';
import type { InboundShipments } from '../src/domain/ports/inbound-shipments.js';
import { NotConfigured } from '../src/domain/errors.js';
import { checkId } from '../src/domain/ids.js';
import { ASN_NUMBER } from '../src/domain/inbound-shipment.js';
import type { GatewayContext } from '../src/graphql/context.js';
import { Cost, upTo } from '../src/graphql/limits/field-cost.js';
import type { UpstreamCalls } from '../src/graphql/limits/upstream-calls.js';

/** The largest pages noon answers: ASNs, an ASN's items, eligible catalog items. */
const MAX_PAGE = { shipments: 200, items: 1000, eligible: 500 } as const;

/** One call to noon. */
const ONE_CALL = { calls: () => 1 };

/** A status change, then the ASN as noon then has it. */
const STATUS_CHANGE = { calls: () => 2 };

/** Items sent to noon in batches, then the ASN read again. */
function itemsChange<Args>(count: (args: Args) => number) {
  return { calls: (args: Args, upstream: UpstreamCalls) => upstream.itemUpdates(count(args)) + 1 };
}

/** noon's FBN inbound, or the client error saying noon is off on this gateway. */
function noonInbound(ctx: GatewayContext): InboundShipments {
  if (!ctx.noonInbound) throw new NotConfigured([Marketplace.NOON]);
  return ctx.noonInbound;
}

/** Announces the ASN a mutation moved, once noon has answered, and hands it back. */
async function announced(
  ctx: GatewayContext,
  action: string,
  moved: Promise<InboundShipment>,
): Promise<InboundShipment> {
  const shipment = await moved;
  ctx.events.inboundShipmentChanged({
    asnNumber: shipment.asnNumber,
    action,
    status: shipment.status,
    occurredAt: new Date().toISOString(),
  });
  return shipment;
}

/** noon FBN inbound shipments (ASNs): reads, the item list, and every step of the status machine. */
@Resolver(() => InboundShipment)
@UseMiddleware(MarketplaceOnly(Marketplace.NOON))
export class InboundShipmentResolver {
  @RequiresRole('viewer')
  @Query(() => InboundShipment, { description: 'One ASN by its number.' })
  @Cost(ONE_CALL)
  inboundShipment(@Arg('asnNumber', () => ID) asnNumber: string, @Ctx() ctx: GatewayContext): Promise<InboundShipment> {
    return noonInbound(ctx).shipment(asnNumber);
  }

  @RequiresRole('viewer')
  @Query(() => InboundShipmentConnection, { description: 'ASNs, newest first.' })
  @Cost({ ...ONE_CALL, items: upTo(MAX_PAGE.shipments) })
  inboundShipments(
    @Arg('status', () => InboundShipmentStatus, { nullable: true }) status: InboundShipmentStatus | null,
    @Arg('country', () => CountryCode, { nullable: true }) country: string | null,
    @Arg('first', () => Int, { defaultValue: 50, description: `At most ${MAX_PAGE.shipments}.` }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundShipmentConnection> {
    return noonInbound(ctx).shipments({ status, country }, { first, after });
  }

  @RequiresRole('viewer')
  @Query(() => InboundEligibleItemConnection, {
    description: 'Catalog items that may go into an ASN (mapped barcode, title and image).',
  })
  @Cost({ ...ONE_CALL, items: upTo(MAX_PAGE.eligible) })
  inboundEligibleItems(
    @Arg('search', () => String, { nullable: true, description: 'Part of a partner SKU or title.' })
    search: string | null,
    @Arg('storageType', () => StorageType, { nullable: true }) storageType: StorageType | null,
    @Arg('first', () => Int, { defaultValue: 100, description: `At most ${MAX_PAGE.eligible}.` }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundEligibleItemConnection> {
    return noonInbound(ctx).eligibleItems({ search, storageType }, { first, after });
  }

  @RequiresRole('viewer')
  @Query(() => [InboundWarehouseAvailability], {
    description: 'Warehouses, days and free slots for a SEALED ASN.',
  })
  @Cost(ONE_CALL)
  inboundSlotAvailability(
    @Arg('asnNumber', () => ID) asnNumber: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundWarehouseAvailability[]> {
    return noonInbound(ctx).slotAvailability(asnNumber);
  }

  @FieldResolver(() => InboundShipmentItemConnection, { description: 'The items, in pages.' })
  @Cost({ ...ONE_CALL, items: upTo(MAX_PAGE.items) })
  items(
    @Root() shipment: InboundShipment,
    @Arg('first', () => Int, { defaultValue: 100, description: 'At most 1,000.' }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundShipmentItemConnection> {
    return noonInbound(ctx).items(shipment.asnNumber, { first, after });
  }

  @RequiresRole('operator')
  @Mutation(() => InboundShipment, {
    description: 'Creates a draft ASN; the same externalReference again returns the same ASN.',
  })
  @Cost(STATUS_CHANGE)
  createInboundShipment(
    @Arg('input', () => CreateInboundShipmentInput) input: CreateInboundShipmentInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundShipment> {
    return announced(ctx, 'createInboundShipment', noonInbound(ctx).create(input));
  }

  @RequiresRole('operator')
  @Mutation(() => InboundShipmentItemsResult, {
    description: 'Adds items or replaces their quantities (draft ASNs only), reporting each item noon refused.',
  })
  @Cost(itemsChange(({ items }: { items: unknown[] }) => items.length))
  setInboundShipmentItems(
    @Args(() => SetInboundShipmentItemsArgs) { asnNumber, items }: SetInboundShipmentItemsArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundShipmentItemsResult> {
    return noonInbound(ctx).setItems(asnNumber, items);
  }

  @RequiresRole('operator')
  @Mutation(() => InboundShipmentItemsResult, { description: 'Removes items from a draft ASN.' })
  @Cost(itemsChange(({ partnerSkus }: { partnerSkus: unknown[] }) => partnerSkus.length))
  removeInboundShipmentItems(
    @Args(() => RemoveInboundShipmentItemsArgs) { asnNumber, partnerSkus }: RemoveInboundShipmentItemsArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundShipmentItemsResult> {
    return noonInbound(ctx).removeItems(asnNumber, partnerSkus);
  }

  @RequiresRole('operator')
  @Mutation(() => InboundShipment, { description: 'CREATED → SEALED: locks the items.' })
  @Cost(STATUS_CHANGE)
  sealInboundShipment(
    @Arg('asnNumber', () => ID) asnNumber: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundShipment> {
    return announced(ctx, 'sealInboundShipment', noonInbound(ctx).seal(asnNumber));
  }

  @RequiresRole('operator')
  @Mutation(() => InboundShipment, { description: 'SEALED → SCHEDULED: books a warehouse slot.' })
  @Cost(STATUS_CHANGE)
  scheduleInboundShipment(
    @Arg('input', () => ScheduleInboundShipmentInput) input: ScheduleInboundShipmentInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundShipment> {
    return announced(ctx, 'scheduleInboundShipment', noonInbound(ctx).schedule(input));
  }

  @RequiresRole('operator')
  @Mutation(() => InboundShipment, { description: 'SCHEDULED → SEALED: frees the slot, before it starts.' })
  @Cost(STATUS_CHANGE)
  rescheduleInboundShipment(
    @Arg('asnNumber', () => ID) asnNumber: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundShipment> {
    return announced(ctx, 'rescheduleInboundShipment', noonInbound(ctx).reschedule(asnNumber));
  }

  @RequiresRole('operator')
  @Mutation(() => InboundShipment, { description: 'Cancels an ASN before inbound starts. Final.' })
  @Cost(STATUS_CHANGE)
  cancelInboundShipment(
    @Arg('asnNumber', () => ID) asnNumber: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<InboundShipment> {
    return announced(ctx, 'cancelInboundShipment', noonInbound(ctx).cancel(asnNumber));
  }

  @RequiresRole('viewer')
  @Subscription(() => InboundShipmentEvent, {
    description:
      'ASNs as they move (created, sealed, scheduled, rescheduled, cancelled) through this gateway’s mutations; noon ' +
      'sends no inbound webhooks. Live only: read `inboundShipment` for where an ASN stands now.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { asnNumber?: string | null }, GatewayContext>) => {
      // Middleware guards each event's resolution; the subscription itself is refused here, before it listens.
      context.access.require(Marketplace.NOON);
      if (args.asnNumber != null) checkId('asnNumber', args.asnNumber, ASN_NUMBER);
      return context.events.subscribeInboundShipment(args.asnNumber ?? undefined);
    },
  })
  inboundShipmentEvents(
    @Root() change: InboundShipmentChange,
    @Arg('asnNumber', () => ID, { nullable: true, description: 'Only this ASN.' }) _asnNumber: string | null,
  ): InboundShipmentEvent {
    return { ...change, occurredAt: new Date(change.occurredAt) };
  }
}
