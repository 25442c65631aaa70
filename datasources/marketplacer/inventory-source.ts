import type { InventoryLevel } from '../../src/domain/inventory-level.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import type { InventorySource } from '../../src/domain/ports/inventory-source.js';
import type { Deadline } from '../../src/http/deadline.js';
import type { Logger } from '../../src/logger.js';
import type { MarketplacerClient } from './client.js';
import type { Sdk } from './generated/sdk.js';
import { toInventoryLevels } from './mapping.js';
import { allNodes } from './pages.js';

/**
 * Variants per upstream page. A SKU may be sold by several sellers, so a batch of SKUs can match more variants
 * than it has SKUs; at four sellers a SKU, a full batch still fits one page.
 */
const VARIANT_PAGE_SIZE = 500;

/** Our choice (Marketplacer documents no limit for the SKU list): 100 SKUs per variantsWhere call. */
export const SKUS_PER_VARIANTS_CALL = 100;

/**
 * Marketplacer stock: every variant with a wanted SKU, one level per seller selling it (`location` = the seller's
 * business name), for one GraphQL request.
 */
export class MarketplacerInventorySource implements InventorySource {
  readonly marketplace = Marketplace.MARKETPLACER;
  readonly maxBatchSize = SKUS_PER_VARIANTS_CALL;
  private readonly sdk: Sdk;

  /** `deadline`: the GraphQL operation's; none for webhooks. */
  constructor(client: MarketplacerClient, log: Logger, deadline?: Deadline) {
    this.sdk = client.sdk(log, deadline);
  }

  async levels(skus: readonly string[]): Promise<InventoryLevel[]> {
    if (skus.length === 0) return [];
    const wanted = [...new Set(skus)];
    const variants = await allNodes(async (after) => {
      const { variantsWhere } = await this.sdk.VariantsBySku({ sku: wanted, first: VARIANT_PAGE_SIZE, after });
      return variantsWhere;
    });
    return toInventoryLevels(variants);
  }

  /**
   * The stock a Variant webhook is about (by the variant's global id), or that of every variant of an Advert
   * webhook's advert; empty when Marketplacer knows no such object any more (it was deleted).
   */
  async levelsOfNode(nodeId: string): Promise<InventoryLevel[]> {
    const variants = await allNodes(async (after) => {
      const { node } = await this.sdk.StockOfNode({ id: nodeId, first: VARIANT_PAGE_SIZE, after });
      if (node?.__typename === 'Advert') return node.variants;
      return { nodes: node?.__typename === 'Variant' ? [node] : [], pageInfo: { hasNextPage: false, endCursor: null } };
    });
    return toInventoryLevels(variants);
  }
}
