import DataLoader from 'dataloader';
import type { Cursors } from '../../../src/cursors.js';
import { BadInput } from '../../../src/domain/errors.js';
import { checkId, checkIds, SKU } from '../../../src/domain/ids.js';
import type { InboundScheduleRequest, InboundWarehouseAvailability } from '../../../src/domain/inbound-schedule.js';
import {
  ASN_NUMBER,
  type InboundEligibleItem,
  type InboundItemQuantity,
  type InboundShipment,
  type InboundShipmentItem,
  type InboundShipmentItemsResult,
  type InboundShipmentStatus,
  type NewInboundShipment,
  type StorageType,
} from '../../../src/domain/inbound-shipment.js';
import type { Page, PageArgs } from '../../../src/domain/page.js';
import type { InboundShipments } from '../../../src/domain/ports/inbound-shipments.js';
import { EXTERNAL_REFERENCE, WAREHOUSE_CODE } from '../ids.js';
import type { NoonInboundApi } from './api.js';
import { sendInBatches, type BatchOutcome } from './batches.js';
import {
  toInboundEligibleItem,
  toInboundShipment,
  toInboundShipmentItem,
  toWarehouseAvailability,
  toWireShipmentType,
  toWireStatus,
  toWireStorageType,
} from './mapping.js';
import { MAX_ITEMS_PER_CALL } from './api/shipment-items.js';
import type { ShipmentResponse, StatusAction } from './wire.js';

/** noon's page size limits: ListShipments 200, ListShipmentItems 1,000, ListEligibleItems 500. */
const MAX_PAGE = { shipments: 200, items: 1000, eligible: 500 } as const;

/**
 * noon FBN inbound shipments in the unified model, for one GraphQL request: it owns that request's DataLoader,
 * so a query naming the same ASN many times makes one GetShipment call, and every mutation leaves the fresh ASN
 * in the loader for the fields resolved after it.
 */
export class NoonInboundDataSource implements InboundShipments {
  private readonly api: NoonInboundApi;
  private readonly cursors: Cursors;
  private readonly shipmentLoader: DataLoader<string, InboundShipment>;

  constructor(api: NoonInboundApi, cursors: Cursors) {
    this.api = api;
    this.cursors = cursors;
    // noon has no batch read; the loader still dedupes and caches per request.
    this.shipmentLoader = new DataLoader(
      (asnNumbers) =>
        Promise.all(
          asnNumbers.map((asn) =>
            this.api.shipments.get(asn).then(
              (response) => toInboundShipment(response.shipment),
              (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
            ),
          ),
        ),
      { maxBatchSize: 50 },
    );
  }

  shipment(asnNumber: string): Promise<InboundShipment> {
    return this.shipmentLoader.load(checkId('asnNumber', asnNumber, ASN_NUMBER));
  }

  async shipments(
    filter: { status?: InboundShipmentStatus | null; country?: string | null },
    page: PageArgs,
  ): Promise<Page<InboundShipment>> {
    const response = await this.api.shipments.list({
      nextToken: this.position('noon.inbound.shipments', page.after),
      pageSize: pageSize(page.first, MAX_PAGE.shipments),
      status: filter.status ? toWireStatus[filter.status] : undefined,
      countryCode: filter.country ?? undefined,
    });
    const nodes = response.shipments.map((header) => this.remember(toInboundShipment(header)));
    return {
      nodes,
      pageInfo: this.pageInfo('noon.inbound.shipments', response.next_token),
      totalCount: response.total_count,
    };
  }

  async items(asnNumber: string, page: PageArgs): Promise<Page<InboundShipmentItem>> {
    const list = `noon.inbound.items:${asnNumber}`;
    const response = await this.api.items.list(asnNumber, {
      nextToken: this.position(list, page.after),
      pageSize: pageSize(page.first, MAX_PAGE.items),
    });
    return {
      nodes: response.items.map(toInboundShipmentItem),
      pageInfo: this.pageInfo(list, response.next_token),
      totalCount: response.total_sku_count,
    };
  }

  async eligibleItems(
    filter: { search?: string | null; storageType?: StorageType | null },
    page: PageArgs,
  ): Promise<Page<InboundEligibleItem>> {
    const response = await this.api.catalog.listEligibleItems({
      nextToken: this.position('noon.inbound.eligible', page.after),
      pageSize: pageSize(page.first, MAX_PAGE.eligible),
      search: filter.search ?? undefined,
      storageType: filter.storageType ? toWireStorageType[filter.storageType] : undefined,
    });
    return {
      nodes: response.items.map(toInboundEligibleItem),
      pageInfo: this.pageInfo('noon.inbound.eligible', response.next_token),
      totalCount: null,
    };
  }

  async slotAvailability(asnNumber: string): Promise<InboundWarehouseAvailability[]> {
    checkId('asnNumber', asnNumber, ASN_NUMBER);
    return toWarehouseAvailability(await this.api.schedule.slotAvailability(asnNumber));
  }

  async create(input: NewInboundShipment): Promise<InboundShipment> {
    checkId('input.externalReference', input.externalReference, EXTERNAL_REFERENCE);
    return this.fresh(
      await this.api.shipments.create({
        exref_nr: input.externalReference,
        shipment_type: toWireShipmentType[input.shipmentType],
        country_code: input.country.toUpperCase(),
      }),
    );
  }

  async setItems(asnNumber: string, items: InboundItemQuantity[]): Promise<InboundShipmentItemsResult> {
    checkId('asnNumber', asnNumber, ASN_NUMBER);
    const partnerSkus = items.map((item) => item.partnerSku);
    checkIds(
      partnerSkus.map((sku, index) => [`items[${index}].partnerSku`, sku]),
      SKU,
    );
    rejectDuplicates(partnerSkus);
    const outcome = await sendInBatches(
      items,
      MAX_ITEMS_PER_CALL,
      (item) => item.partnerSku,
      (batch) =>
        this.api.items.update({
          asn_nr: asnNumber,
          items: batch.map((item) => ({
            partner_sku: item.partnerSku,
            qty: item.quantity,
            storage_type: toWireStorageType[item.storageType],
          })),
        }),
    );
    return this.itemsResult(asnNumber, outcome);
  }

  async removeItems(asnNumber: string, partnerSkus: string[]): Promise<InboundShipmentItemsResult> {
    checkId('asnNumber', asnNumber, ASN_NUMBER);
    checkIds(
      partnerSkus.map((sku, index) => [`partnerSkus[${index}]`, sku]),
      SKU,
    );
    const outcome = await sendInBatches(
      partnerSkus,
      MAX_ITEMS_PER_CALL,
      (sku) => sku,
      (batch) => this.api.items.delete({ asn_nr: asnNumber, partner_skus: batch }),
    );
    return this.itemsResult(asnNumber, outcome);
  }

  seal(asnNumber: string): Promise<InboundShipment> {
    return this.changeStatus(asnNumber, 'STATUS_ACTION_SEAL');
  }

  cancel(asnNumber: string): Promise<InboundShipment> {
    return this.changeStatus(asnNumber, 'STATUS_ACTION_CANCEL');
  }

  reschedule(asnNumber: string): Promise<InboundShipment> {
    return this.changeStatus(asnNumber, 'STATUS_ACTION_RESCHEDULE');
  }

  async schedule(input: InboundScheduleRequest): Promise<InboundShipment> {
    checkId('input.asnNumber', input.asnNumber, ASN_NUMBER);
    checkId('input.warehouseCode', input.warehouseCode, WAREHOUSE_CODE);
    return this.fresh(
      await this.api.schedule.schedule({
        asn_nr: input.asnNumber,
        dst_warehouse_code: input.warehouseCode,
        schedule_date: input.date,
        schedule_slot: { start: input.slot.start, end: input.slot.end },
      }),
    );
  }

  private async changeStatus(asnNumber: string, action: StatusAction): Promise<InboundShipment> {
    checkId('asnNumber', asnNumber, ASN_NUMBER);
    return this.fresh(await this.api.shipments.updateStatus(asnNumber, action));
  }

  private async itemsResult(asnNumber: string, outcome: BatchOutcome): Promise<InboundShipmentItemsResult> {
    // When every item was refused noon returned no ASN, and the caller still wants to see it.
    const shipment = outcome.last ? this.fresh(outcome.last) : await this.shipment(asnNumber);
    return { shipment, appliedCount: outcome.appliedCount, failures: outcome.failures };
  }

  /** Maps an ASN noon just returned and makes it what later fields of this request see. */
  private fresh(response: ShipmentResponse): InboundShipment {
    const shipment = toInboundShipment(response.shipment);
    this.shipmentLoader.clear(shipment.asnNumber).prime(shipment.asnNumber, shipment);
    return shipment;
  }

  /** The noon next_token a cursor of this list carries. */
  private position(list: string, after: string | null | undefined): string | undefined {
    return after ? this.cursors.decode<string>(list, after) : undefined;
  }

  /** noon ends a list with a null, empty or absent next_token; all three mean the last page. */
  private pageInfo(list: string, nextToken: string | null | undefined) {
    const more = typeof nextToken === 'string' && nextToken !== '';
    return { hasNextPage: more, endCursor: more ? this.cursors.encode(list, nextToken) : null };
  }

  /** A listed ASN is as fresh as a fetched one: later look-ups in this request need no call. */
  private remember(shipment: InboundShipment): InboundShipment {
    this.shipmentLoader.prime(shipment.asnNumber, shipment);
    return shipment;
  }
}

function pageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw BadInput.at('first', `"first" must be between 1 and ${max} for this list, got ${first}`);
  }
  return first;
}

/** The same SKU twice would make the outcome depend on which batch noon saw last. */
function rejectDuplicates(partnerSkus: string[]): void {
  const seen = new Set<string>();
  const duplicates = new Set(partnerSkus.filter((sku) => seen.size === seen.add(sku).size));
  if (duplicates.size > 0) {
    throw BadInput.at(
      'items',
      `each partner SKU may appear once; repeated: ${[...duplicates].slice(0, 20).join(', ')}`,
    );
  }
}
