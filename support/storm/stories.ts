import type { MarketplacerSandbox } from '../../sandbox/marketplacer/index.js';
import { pick } from '../../sandbox/noon/random.js';
import type { WebhookSource } from '../../src/store/callback-store.js';
import type { MarketplaceSimulators } from '../gateway-process.js';
import { dataOf, postGraphql } from '../gateway.js';

// What happens at each marketplace during the storm: each step is one change of an order there (placed, cancelled,
// packed, shipped, ...), after which the marketplace makes its webhook about it, as it does for real. The steps are
// chosen by the storm's seeded `random`.

/** One marketplace's orders changing, a step at a time. */
export interface MarketplaceStory {
  source: WebhookSource;
  /**
   * Makes one change of an order at the marketplace, which then makes at least one webhook about it; false when
   * the story has nothing left to change.
   */
  step(random: () => number): Promise<boolean>;
}

/** Takes a random element out of a non-empty list. */
function takeRandom<T>(list: T[], random: () => number): T {
  return list.splice(list.indexOf(pick(list, random)), 1)[0]!;
}

/** noon: a customer places an FBPI order (`FBPI::ORDER_CREATED`), or cancels an open one (`FBPI::ORDER_SYNC`). */
export function noonStory({ noon }: MarketplaceSimulators): MarketplaceStory {
  const open: string[] = [];
  return {
    source: 'noon',
    async step(random) {
      if (open.length === 0 || random() < 0.6) open.push(noon.control.placeFbpiOrder());
      else noon.control.customerCancelFbpiOrder(takeRandom(open, random));
      return true;
    },
  };
}

/**
 * Fruugo: a customer places an order, or cancels a pending one; then the retailer asks for a download, and Fruugo
 * answers with an `OrderList` callback: of that one order, or (one time in four) of every order changed in the
 * last second, so that a kill can land in the middle of a list.
 */
export function fruugoStory({ fruugo }: MarketplaceSimulators): MarketplaceStory {
  const pending: string[] = [];
  const authorization = `Basic ${Buffer.from(`${fruugo.credentials.username}:${fruugo.credentials.password}`).toString('base64')}`;
  return {
    source: 'fruugo',
    async step(random) {
      let orderId: string;
      if (pending.length === 0 || random() < 0.6) {
        orderId = fruugo.control.createOrder().orderId;
        pending.push(orderId);
      } else {
        orderId = takeRandom(pending, random);
        fruugo.control.customerCancel(orderId);
      }
      const filter =
        random() < 0.25
          ? { dateFrom: new Date(Date.now() - 1000).toISOString() }
          : { dateFrom: '2000-01-01T00:00:00Z', orderId };
      const response = await fetch(`${fruugo.url}/v3/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(filter),
      });
      if (response.status !== 202) throw new Error(`Fruugo refused the download: ${await response.text()}`);
      return true;
    },
  };
}

const MARKETPLACER_NEW_ORDER = `mutation ($input: OrderCreateMutationInput!) {
  orderCreate(input: $input) { order { invoices { id lineItems { id } } } errors { field messages } }
}`;
const MARKETPLACER_SHIPMENT = `mutation ($input: ShipmentCreateMutationInput!) {
  shipmentCreate(input: $input) { shipment { id } errors { field messages } }
}`;
const MARKETPLACER_BUYER = {
  firstName: 'Ada',
  surname: 'Lovelace',
  emailAddress: 'ada@example.com',
  address: { address: '1 Collins St', city: 'Melbourne', postcode: '3000', state: 'VIC', countryCode: 'AU' },
};

/** One Operator API call with the operator's key; its data, or an error naming what Marketplacer answered. */
async function operatorApi(
  marketplacer: MarketplacerSandbox,
  query: string,
  variables: Record<string, unknown>,
): Promise<any> {
  return dataOf(
    await postGraphql<any>(marketplacer.endpoint, query, variables, {
      authorization: `Bearer ${marketplacer.apiKeys.operator}`,
    }),
  );
}

/**
 * Marketplacer: a buyer orders one unit (an `Invoice` `create` webhook), or the seller ships an unshipped invoice
 * whole (`Shipment` `create` and `Invoice` `update`). The SKUs used are stocked without limit first.
 */
export async function marketplacerStory({ marketplacer }: MarketplaceSimulators): Promise<MarketplaceStory> {
  // SKUs sold by one seller only (the first 50 are sold by two), so one SKU is one variant.
  const skus = Array.from({ length: 20 }, (_, index) => `PSKU-${String(101 + index).padStart(6, '0')}`);
  for (const sku of skus) marketplacer.control.setCountOnHand(sku, 1_000_000);
  const { variantsWhere } = await operatorApi(
    marketplacer,
    'query ($sku: [String!]!) { variantsWhere(sku: $sku) { nodes { id } } }',
    { sku: skus },
  );
  const variants = (variantsWhere.nodes as Array<{ id: string }>).map((node) => node.id);
  const unshipped: Array<{ id: string; lineItemIds: string[] }> = [];
  return {
    source: 'marketplacer',
    async step(random) {
      if (unshipped.length === 0 || random() < 0.6) {
        const lineItems = [{ variantId: pick(variants, random), quantity: 1, cost: { amount: 1000 } }];
        const { orderCreate } = await operatorApi(marketplacer, MARKETPLACER_NEW_ORDER, {
          input: { order: MARKETPLACER_BUYER, lineItems },
        });
        if (orderCreate.errors.length > 0) throw new Error(`orderCreate: ${JSON.stringify(orderCreate.errors)}`);
        for (const invoice of orderCreate.order.invoices as Array<{ id: string; lineItems: Array<{ id: string }> }>)
          unshipped.push({ id: invoice.id, lineItemIds: invoice.lineItems.map((line) => line.id) });
        return true;
      }
      const invoice = takeRandom(unshipped, random);
      const { shipmentCreate } = await operatorApi(marketplacer, MARKETPLACER_SHIPMENT, {
        input: {
          invoiceId: invoice.id,
          shippedItems: invoice.lineItemIds.map((lineItemId) => ({ lineItemId, quantity: 1 })),
        },
      });
      if (shipmentCreate.errors.length > 0) throw new Error(`shipmentCreate: ${JSON.stringify(shipmentCreate.errors)}`);
      return true;
    },
  };
}

/** The warehouse steps an Increff order goes through, each a call to the channel (Pack Order, Get Shipping Label, Handover). */
const INCREFF_STEPS = ['PACKED', 'INVOICED', 'HANDED_OVER'] as const;

/**
 * Increff: orders pushed to it by the gateway (`pushed`, their outward order codes) move through the warehouse:
 * packed, labelled, handed over, each step a call to the channel, or one not packed yet is cancelled by the seller
 * (Seller Cancellation). Steps stop when every pushed order has reached its end.
 */
export function increffStory({ increff }: MarketplaceSimulators, pushed: readonly string[]): MarketplaceStory {
  const next = new Map(pushed.map((orderCode) => [orderCode, 0]));
  return {
    source: 'increff',
    async step(random) {
      if (next.size === 0) return false;
      const orderCode = pick([...next.keys()], random);
      const step = next.get(orderCode)!;
      if (step === 0 && random() < 0.2) {
        increff.control.sellerCancel(orderCode);
        next.delete(orderCode);
        return true;
      }
      increff.control.advanceOrder(orderCode, INCREFF_STEPS[step]!);
      if (step + 1 === INCREFF_STEPS.length) next.delete(orderCode);
      else next.set(orderCode, step + 1);
      return true;
    },
  };
}

/**
 * `count` new noon orders pushed to Increff through the gateway (`createFulfilmentOrder`, as an operator would), a few
 * at a time; their outward order codes. Their SKUs are stocked at Increff without limit first. Done before the
 * storm: a push is a mutation, not a webhook.
 */
export async function pushedToIncreff(
  graphqlUrl: string,
  { noon, increff }: MarketplaceSimulators,
  count: number,
): Promise<string[]> {
  const skus = Array.from({ length: 20 }, (_, index) => `PSKU-${String(index + 1).padStart(6, '0')}`);
  for (const sku of skus) increff.control.setStock(increff.locationCodes[0]!, sku, 1_000_000);
  const codes: string[] = [];
  const pushOne = async () => {
    const nr = noon.control.placeFbpiOrder({ items: [{ partnerSku: skus[codes.length % skus.length] }] });
    const { createFulfilmentOrder } = dataOf(
      await postGraphql<any>(
        graphqlUrl,
        'mutation ($orderId: ID!) { createFulfilmentOrder(input: { orderId: $orderId, paymentMethod: NCOD }) { id } }',
        { orderId: `NOON:${nr}` },
      ),
    );
    codes.push((createFulfilmentOrder.id as string).slice('INCREFF:'.length));
  };
  for (let started = 0; started < count;) {
    const batch = Math.min(4, count - started);
    await Promise.all(Array.from({ length: batch }, pushOne));
    started += batch;
  }
  return codes;
}
