import type { ErrorEntry, LocationType, SkuInventory } from './wire.js';
import { IncreffError, refusal } from './errors.js';

export interface Location {
  code: string;
  type: LocationType;
}

/** The sandbox tenant's locations, in the order Increff routes to them: warehouses first, then the store. */
export const LOCATIONS: readonly Location[] = [
  { code: 'WH-DXB-01', type: 'Warehouse' },
  { code: 'WH-RUH-01', type: 'Warehouse' },
  { code: 'STORE-DXB-01', type: 'Store' },
];

/** Units of one SKU at one location: those on the shelf, and those promised to open orders. */
interface Stock {
  onHand: number;
  reserved: number;
}

/** Units of one order item taken from one location. */
export interface Allocation {
  locationCode: string;
  quantity: number;
}

/** One line of an order to allocate; `index` places its errors (`orderItems[index]`). */
export interface Demand {
  sku: string;
  quantity: number;
  index: number;
}

/** `PSKU-000001`…: the SKU space every simulator shares. */
export function sampleSku(n: number): string {
  return `PSKU-${String(n).padStart(6, '0')}`;
}

/**
 * Sample stock of SKU number `n` (docs/increff.md): every SKU at WH-DXB-01, even ones at WH-RUH-01 too, every
 * tenth at the store. A few counts are 0 (every hundredth SKU at WH-DXB-01), so "out of stock" is there to try.
 */
function sampleStock(n: number): Array<[string, number]> {
  const stock: Array<[string, number]> = [['WH-DXB-01', (n * 37) % 100]];
  if (n % 2 === 0) stock.push(['WH-RUH-01', (n * 13) % 40]);
  if (n % 10 === 0) stock.push(['STORE-DXB-01', n % 7]);
  return stock;
}

/**
 * The tenant's stock per SKU and location. Available to promise = on hand − reserved: an outward order reserves
 * its units, a cancellation releases them, a handover takes them off the shelf.
 */
export class Inventory {
  /** SKU → location code → stock. A SKU is known to the channel when it has an entry, even an empty one. */
  private readonly stock = new Map<string, Map<string, Stock>>();
  /** Location code → SKUs whose available count may have changed since the channel was last told. */
  private readonly changed = new Map<string, Set<string>>();

  constructor(catalogSize: number) {
    for (let n = 1; n <= catalogSize; n += 1) {
      const places = new Map<string, Stock>();
      for (const [code, onHand] of sampleStock(n)) places.set(code, { onHand, reserved: 0 });
      this.stock.set(sampleSku(n), places);
      // The channel has been told nothing yet: the first inventory sync is a full one.
      for (const code of places.keys()) this.markChanged(sampleSku(n), code);
    }
  }

  /**
   * Every SKU whose available count may have changed since the last call, per location (LOCATIONS order), with
   * what it can promise now; forgotten once answered. What Increff's scheduled ATP update sends.
   */
  takeChanged(): Map<string, Array<{ sku: string; available: number }>> {
    const taken = new Map<string, Array<{ sku: string; available: number }>>();
    for (const { code } of LOCATIONS) {
      const skus = this.changed.get(code);
      if (skus === undefined || skus.size === 0) continue;
      taken.set(
        code,
        [...skus].map((sku) => ({ sku, available: this.available(sku, code) })),
      );
    }
    this.changed.clear();
    return taken;
  }

  private markChanged(sku: string, locationCode: string): void {
    const skus = this.changed.get(locationCode) ?? new Set<string>();
    skus.add(sku);
    this.changed.set(locationCode, skus);
  }

  knows(sku: string): boolean {
    return this.stock.has(sku);
  }

  location(code: string): Location | undefined {
    return LOCATIONS.find((location) => location.code === code);
  }

  available(sku: string, locationCode: string): number {
    const stock = this.stock.get(sku)?.get(locationCode);
    return stock === undefined ? 0 : Math.max(0, stock.onHand - stock.reserved);
  }

  /** Sets the units on hand (reservations stay); a SKU new to the channel joins it. */
  setOnHand(sku: string, locationCode: string, quantity: number): void {
    if (this.location(locationCode) === undefined)
      throw new IncreffError('LOCATION_NOT_FOUND', `Unknown locationCode ${locationCode}`);
    const places = this.stock.get(sku) ?? new Map<string, Stock>();
    this.stock.set(sku, places);
    const stock = places.get(locationCode);
    if (stock === undefined) places.set(locationCode, { onHand: quantity, reserved: 0 });
    else stock.onHand = quantity;
    this.markChanged(sku, locationCode);
  }

  /** Every location holding the SKU, with its counts; empty for an unknown SKU. */
  counts(sku: string): Array<{ locationCode: string; onHand: number; reserved: number; available: number }> {
    return [...(this.stock.get(sku) ?? new Map<string, Stock>())].map(([locationCode, stock]) => ({
      locationCode,
      ...stock,
      available: this.available(sku, locationCode),
    }));
  }

  /** Search Inventory's view of one known SKU: what each location holding it can promise. */
  search(sku: string): SkuInventory | undefined {
    const places = this.stock.get(sku);
    if (places === undefined) return undefined;
    const inventories = LOCATIONS.filter((location) => places.has(location.code)).map((location) => ({
      quantity: this.available(sku, location.code),
      locationCode: location.code,
      locationType: location.type,
    }));
    return {
      channelSkuCode: sku,
      channelSerialNo: null,
      totalQuantity: inventories.reduce((sum, inventory) => sum + inventory.quantity, 0),
      inventories,
    };
  }

  /**
   * Where each demand's units come from, reserved at once; refused whole with INSUFFICIENT_INVENTORY otherwise.
   * A named location serves everything. Without one, Increff routes: the first location (in LOCATIONS order) that
   * can serve the whole order, else, when `split` allows, each line from the locations in turn.
   */
  allocate(demands: readonly Demand[], locationCode: string | null, split: boolean): Allocation[][] {
    const candidates = locationCode === null ? LOCATIONS.map((location) => location.code) : [locationCode];
    const whole = candidates.find((code) =>
      demands.every((demand) => this.available(demand.sku, code) >= demand.quantity),
    );
    let allocations: Allocation[][] | undefined;
    if (whole !== undefined) {
      allocations = demands.map((demand) => [{ locationCode: whole, quantity: demand.quantity }]);
    } else if (
      locationCode === null &&
      split &&
      demands.every((demand) => this.totalAvailable(demand.sku, candidates) >= demand.quantity)
    ) {
      allocations = demands.map((demand) => this.spread(demand, candidates));
    }
    if (allocations === undefined) throw this.shortfall(demands, candidates);
    demands.forEach((demand, index) => {
      for (const allocation of allocations[index]!) {
        this.entry(demand.sku, allocation.locationCode).reserved += allocation.quantity;
        this.markChanged(demand.sku, allocation.locationCode);
      }
    });
    return allocations;
  }

  /** Gives reserved units back to what can be promised (a cancellation). */
  release(sku: string, allocation: Allocation): void {
    this.entry(sku, allocation.locationCode).reserved -= allocation.quantity;
    this.markChanged(sku, allocation.locationCode);
  }

  /** Reserved units leave the shelf (a handover): on hand and reserved both go down; available stays. */
  ship(sku: string, allocation: Allocation): void {
    const stock = this.entry(sku, allocation.locationCode);
    stock.reserved -= allocation.quantity;
    stock.onHand -= allocation.quantity;
  }

  private totalAvailable(sku: string, codes: readonly string[]): number {
    return codes.reduce((sum, code) => sum + this.available(sku, code), 0);
  }

  private spread(demand: Demand, codes: readonly string[]): Allocation[] {
    let left = demand.quantity;
    const allocations: Allocation[] = [];
    for (const code of codes) {
      const take = Math.min(left, this.available(demand.sku, code));
      if (take > 0) allocations.push({ locationCode: code, quantity: take });
      left -= take;
    }
    return allocations;
  }

  /** Names each line the candidate locations cannot cover together; if each could be, the split is what is missing. */
  private shortfall(demands: readonly Demand[], candidates: readonly string[]): IncreffError {
    const short: ErrorEntry[] = demands
      .filter((demand) => this.totalAvailable(demand.sku, candidates) < demand.quantity)
      .map((demand) => ({
        field: `orderItems[${demand.index}].quantity`,
        channelSkuCode: demand.sku,
        message: `${demand.quantity} asked, ${this.totalAvailable(demand.sku, candidates)} available at ${candidates.join(', ')}`,
      }));
    if (short.length > 0) return refusal('INSUFFICIENT_INVENTORY', short);
    return refusal('INSUFFICIENT_INVENTORY', [
      {
        field: 'isSplitRequired',
        message: 'no single location holds every item; set isSplitRequired to let Increff split the order',
      },
    ]);
  }

  private entry(sku: string, locationCode: string): Stock {
    const stock = this.stock.get(sku)?.get(locationCode);
    if (stock === undefined) throw new Error(`no stock entry for ${sku} at ${locationCode}`);
    return stock;
  }
}
