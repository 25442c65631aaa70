import { NOON_COURIER, type Awb, type MpCode } from './wire.js';
import type { CatalogItem } from './catalog.js';
import type { FbpiOrderRecord } from './fbpi-orders.js';
import type { FbpiServices } from './fbpi-routes.js';
import type { Partner } from './partners.js';
import { pick, seededRandom } from './random.js';

/** Where a sample order stands. The newest orders take one of each, so every state shows whatever the count. */
const STATES = [
  'pending',
  'acknowledged',
  'partly_out_of_stock',
  'shipped',
  'customer_cancelled',
  'out_of_stock',
] as const;
type State = (typeof STATES)[number];

const DAY_MS = 86_400_000;
/** Sample orders spread over this many days before the simulator started. */
const SPAN_DAYS = 60;

/** Young orders are mostly waiting for the partner; old ones mostly shipped. */
function stateFor(ageDays: number, roll: number): State {
  const weights: Array<[State, number]> =
    ageDays < 2
      ? [
          ['pending', 0.7],
          ['acknowledged', 0.3],
        ]
      : ageDays < 7
        ? [
            ['pending', 0.1],
            ['acknowledged', 0.3],
            ['partly_out_of_stock', 0.15],
            ['shipped', 0.3],
            ['customer_cancelled', 0.1],
            ['out_of_stock', 0.05],
          ]
        : [
            ['acknowledged', 0.05],
            ['partly_out_of_stock', 0.1],
            ['shipped', 0.7],
            ['customer_cancelled', 0.1],
            ['out_of_stock', 0.05],
          ];
  let left = roll;
  for (const [state, weight] of weights) {
    left -= weight;
    if (left < 0) return state;
  }
  return 'shipped';
}

/**
 * `count` sample orders of `partner` over the last 60 days, oldest first (so order numbers grow with time), each
 * with 1–4 one-unit items of its catalog, brought to its state through the same operations the API offers:
 * acknowledged, partly out of stock, shipped (noon logistics or the partner's own courier), cancelled by the
 * customer, or wholly out of stock. The same partner and count give the same orders relative to `now`.
 */
export function seedFbpiOrders(parts: FbpiServices, partner: Partner, count: number, now: Date): void {
  const random = seededRandom(`fbpi/${partner.projectCode}`);
  const sellable = new Map<string, CatalogItem[]>(
    partner.countries.map((country) => [country, partner.catalog.eligible({ countryCode: country })]),
  );
  let shipmentCount = 0;

  const ship = (order: FbpiOrderRecord) => {
    const items = order.items.filter((item) => item.integrationStatus === 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED');
    if (items.length === 0) return;
    shipmentCount += 1;
    const awb: Awb =
      random() < 0.7
        ? { courier: NOON_COURIER, awb_nr: parts.noonAwbs.issue(partner, order.countryCode, 1)[0] ?? '' }
        : { courier: 'aramex', awb_nr: `ARX${String(Math.floor(random() * 1e10)).padStart(10, '0')}` };
    parts.shipments.create(partner, {
      warehouse_code: order.warehouseCode,
      integration_shipment_nr: `SHP-${partner.merchantCode}-${String(shipmentCount).padStart(5, '0')}`,
      fbpi_order_nr: order.fbpiOrderNr,
      awbs: [awb],
      items: items.map((item) => ({ mp_item_nr: item.mpItemNr })),
    });
  };

  for (let index = count - 1; index >= 0; index -= 1) {
    const ageDays = ((index + random()) / count) * SPAN_DAYS;
    const state = STATES[index] ?? stateFor(ageDays, random());
    const roll = random();
    const countryCode = partner.countries[roll < 0.6 ? 0 : roll < 0.9 ? 1 : 2] ?? partner.countries[0] ?? 'AE';
    const candidates = sellable.get(countryCode) ?? [];
    const itemCount = Math.max(state === 'partly_out_of_stock' ? 2 : 1, 1 + Math.floor(random() * 4));
    const mpCode: MpCode = countryCode !== 'EG' && random() < 0.1 ? 'namshi' : 'noon';
    const lines = Array.from({ length: itemCount }, () => pick(candidates, random)).map((item) => ({
      item,
      status: 'MP_ITEM_STATUS_CONFIRMED' as const,
    }));
    const order = parts.orders.add({
      partner,
      countryCode,
      mpCode,
      createdAt: new Date(now.getTime() - Math.round(ageDays * DAY_MS)),
      lines,
    });
    const nrs = order.items.map((item) => item.mpItemNr);

    switch (state) {
      case 'pending':
        break;
      case 'acknowledged':
        parts.orders.update(partner, order.fbpiOrderNr, []);
        break;
      case 'partly_out_of_stock':
        parts.orders.update(partner, order.fbpiOrderNr, nrs.slice(0, 1 + Math.floor(random() * (nrs.length - 1))));
        if (ageDays >= 2) ship(order);
        break;
      case 'shipped':
        parts.orders.update(partner, order.fbpiOrderNr, []);
        ship(order);
        break;
      case 'customer_cancelled':
        parts.orders.customerCancel(order.fbpiOrderNr);
        break;
      case 'out_of_stock':
        parts.orders.update(partner, order.fbpiOrderNr, nrs);
        break;
    }
  }
}
