import { NoonError } from './errors.js';
import type { Partner } from './partners.js';

/** The FBPI warehouses of every partner (one each), by warehouse_code. */
export class FbpiWarehouses {
  private readonly owners: ReadonlyMap<string, Partner>;

  constructor(partners: Iterable<Partner>) {
    this.owners = new Map([...partners].map((partner) => [partner.fbpiWarehouseCode, partner]));
  }

  /** The partner owning the warehouse, or undefined when no such warehouse exists. */
  ownerOf(warehouseCode: string): Partner | undefined {
    return this.owners.get(warehouseCode);
  }

  /** Refuses a warehouse that does not exist (404) or belongs to another partner (403), as inbound does for ASNs. */
  requireOwn(partner: Partner, warehouseCode: string): void {
    const owner = this.owners.get(warehouseCode);
    if (owner === undefined) throw new NoonError('WAREHOUSE_NOT_FOUND', `warehouse ${warehouseCode} does not exist`);
    if (owner.keyId !== partner.keyId) {
      throw new NoonError('FORBIDDEN', `warehouse ${warehouseCode} belongs to another partner`);
    }
  }
}
