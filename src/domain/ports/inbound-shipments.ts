import type { InboundScheduleRequest, InboundWarehouseAvailability } from '../inbound-schedule.js';
import type {
  InboundEligibleItem,
  InboundItemQuantity,
  InboundShipment,
  InboundShipmentItem,
  InboundShipmentItemsResult,
  InboundShipmentStatus,
  NewInboundShipment,
  StorageType,
} from '../inbound-shipment.js';
import type { Page, PageArgs } from '../page.js';

/**
 * A marketplace's inbound shipments to its fulfilment centres (noon FBN's ASNs), for one GraphQL request: what the
 * inbound queries and mutations call. Each mutation answers the shipment as it then stands.
 */
export interface InboundShipments {
  shipment(asnNumber: string): Promise<InboundShipment>;
  shipments(
    filter: { status?: InboundShipmentStatus | null; country?: string | null },
    page: PageArgs,
  ): Promise<Page<InboundShipment>>;
  items(asnNumber: string, page: PageArgs): Promise<Page<InboundShipmentItem>>;
  /** What may be sent in an inbound shipment: the partner's SKUs the fulfilment centres take. */
  eligibleItems(
    filter: { search?: string | null; storageType?: StorageType | null },
    page: PageArgs,
  ): Promise<Page<InboundEligibleItem>>;
  slotAvailability(asnNumber: string): Promise<InboundWarehouseAvailability[]>;
  create(input: NewInboundShipment): Promise<InboundShipment>;
  setItems(asnNumber: string, items: InboundItemQuantity[]): Promise<InboundShipmentItemsResult>;
  removeItems(asnNumber: string, partnerSkus: string[]): Promise<InboundShipmentItemsResult>;
  seal(asnNumber: string): Promise<InboundShipment>;
  cancel(asnNumber: string): Promise<InboundShipment>;
  reschedule(asnNumber: string): Promise<InboundShipment>;
  schedule(input: InboundScheduleRequest): Promise<InboundShipment>;
}
