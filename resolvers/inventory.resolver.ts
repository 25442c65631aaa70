import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { InventoryChangedArgs, InventoryLevel } from '../schema/inventory.js';
import { ItemUpdateResult } from '../schema/item-update.js';
import { Marketplace } from '../schema/marketplace.js';
import { OrderLine } from '../schema/order.js';
import { RequiresRole } from '../schema/requires-role.js';
import { UpdatePriceArgs, UpdateStockArgs } from '../schema/order-inputs.js';
import { BadInput, NotConfigured } from '../src/domain/errors.js';
import { checkIds, SKU } from '../src/domain/ids.js';
import type { UpstreamCalls } from '../src/graphql/limits/upstream-calls.js';
import type { CatalogUpdates } from '../src/domain/ports/catalog-updates.js';
import type { GatewayContext } from '../src/graphql/context.js';
import { Cost } from '../src/graphql/limits/field-cost.js';

/** A bulk update answers one result per item, and goes to the marketplace in batches. */
const BULK_UPDATE_COST = {
  calls: ({ items }: { items: unknown[] }, upstream: UpstreamCalls) => upstream.itemUpdates(items.length),
  items: ({ items }: { items: unknown[] }) => items.length,
};

/** The most SKUs one `inventoryLevels` reads. */
const MAX_SKUS = 1000;

function noonCatalog(ctx: GatewayContext): CatalogUpdates {
  ctx.access.require(Marketplace.NOON);
  if (!ctx.catalog) {
    throw new NotConfigured(
      [Marketplace.NOON],
      'noon FBPI is not configured: set NOON_FBPI_WAREHOUSE_CODE to update its stock and prices',
    );
  }
  return ctx.catalog;
}

/** Stock across marketplaces and the warehouse, and noon's stock and price updates. */
@Resolver(() => OrderLine)
export class InventoryResolver {
  @FieldResolver(() => [InventoryLevel], {
    description: 'Stock of this line’s SKU where its marketplace counts it, and in the Increff warehouse.',
  })
  @Cost({ calls: (_args, upstream) => upstream.stockShare() })
  async inventory(
    @Root() line: OrderLine,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<InventoryLevel[]> {
    const { data, failures } = await ctx.orders.lineInventory(line);
    ctx.partialFailures.report(failures, info);
    return data;
  }

  @RequiresRole('viewer')
  @Query(() => [InventoryLevel], {
    description: 'Stock of these SKUs in every stock-counting marketplace, or those named.',
  })
  @Cost<{ skus: string[]; marketplaces: Marketplace[] | null }>({
    calls: ({ skus, marketplaces }, upstream) => upstream.stock(Math.min(skus.length, MAX_SKUS), marketplaces),
    items: ({ skus }) => Math.min(skus.length, MAX_SKUS),
  })
  async inventoryLevels(
    @Arg('skus', () => [String]) skus: string[],
    @Arg('marketplaces', () => [Marketplace], { nullable: true }) marketplaces: Marketplace[] | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<InventoryLevel[]> {
    if (skus.length === 0 || skus.length > MAX_SKUS) throw BadInput.at('skus', `"skus" takes 1 to ${MAX_SKUS} SKUs`);
    const { data, failures } = await ctx.orders.inventoryLevels(skus, marketplaces ?? undefined);
    ctx.partialFailures.report(failures, info);
    return data;
  }

  @RequiresRole('operator')
  @Mutation(() => [ItemUpdateResult], { description: 'Sets the absolute stock of SKUs in noon’s FBPI warehouse.' })
  @Cost(BULK_UPDATE_COST)
  async updateStock(
    @Args(() => UpdateStockArgs) { items }: UpdateStockArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<ItemUpdateResult[]> {
    const catalog = noonCatalog(ctx);
    const results = await catalog.updateStock(
      items.map((item) => ({
        sku: item.sku,
        quantity: item.quantity,
        ...(item.processingTimeDays == null ? {} : { processingTimeDays: item.processingTimeDays }),
      })),
    );
    // Only what noon applied changed.
    const applied = new Set(results.filter((result) => result.success).map((result) => result.sku));
    const updatedAt = new Date();
    ctx.events.inventoryChanged(
      items
        .filter((item) => applied.has(item.sku))
        .map((item) => ({
          sku: item.sku,
          marketplace: Marketplace.NOON,
          location: catalog.location,
          available: item.quantity,
          updatedAt,
        })),
    );
    return results;
  }

  @RequiresRole('viewer')
  @Subscription(() => InventoryLevel, {
    description:
      'Stock counts as they change: set through this gateway (`updateStock`), or reported by a marketplace’s webhook ' +
      '(Marketplacer variants, Increff inventory updates). Live only: read `inventoryLevels` for the current counts.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, InventoryChangedArgs, GatewayContext>) => {
      const skus = args.skus ?? undefined;
      checkIds(skus?.map((sku, index) => [`skus[${index}]`, sku]) ?? [], SKU);
      return context.events.subscribeInventory({
        skus,
        marketplaces: context.access.narrow(args.marketplaces ?? undefined, Object.values(Marketplace)),
      });
    },
  })
  inventoryChanged(
    @Root() level: InventoryLevel,
    @Args(() => InventoryChangedArgs) _args: InventoryChangedArgs,
  ): InventoryLevel {
    return level;
  }

  @RequiresRole('operator')
  @Mutation(() => [ItemUpdateResult], { description: 'Sets the price of SKUs on noon, per country.' })
  @Cost(BULK_UPDATE_COST)
  updatePrice(
    @Args(() => UpdatePriceArgs) { items }: UpdatePriceArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<ItemUpdateResult[]> {
    return noonCatalog(ctx).updatePrice(
      items.map((item) => ({
        sku: item.sku,
        country: item.country,
        price: item.price,
        ...(item.msrp == null ? {} : { msrp: item.msrp }),
        ...(item.active == null ? {} : { active: item.active }),
      })),
    );
  }
}
