import type { CreateHttpsDestinationRequest, SandboxOrderItemStatus, UpdateHttpsDestinationRequest } from './wire.js';
import { createDestinationBody, updateDestinationBody } from './destination-schemas.js';
import type { DestinationBook } from './destinations.js';
import type { EventNotifications, SentNotification } from './event-notifications.js';
import type { SandboxClock } from '../shared/clock.js';
import type { FbpiOrderStore } from './fbpi-orders.js';
import {
  requestControl,
  trafficControl,
  type SandboxRequestControl,
  type SandboxTrafficControl,
} from '../shared/sandbox-control.js';
import type { TrafficControl } from '../shared/traffic.js';
import type { IdentityService } from './identity.js';
import type { RecordedRequest, RequestLog } from '../shared/request-log.js';
import type { Partner } from './partners.js';
import type { ShipmentStore } from './shipments.js';
import { parseInput } from './validation.js';

/** A customer's order for the sandbox to place (noon's side: the marketplace takes orders, not the partner). */
export interface NewFbpiOrder {
  /** The partner whose warehouse gets the order; the default partner when omitted. */
  keyId?: string;
  /** Lower case; default `ae`. */
  countryCode?: string;
  /** Default: two confirmed items of SKUs the sandbox picks. */
  items?: Array<{ status?: SandboxOrderItemStatus; partnerSku?: string }>;
}

/** What a test (or a human, through /_sandbox) may do to the simulated noon that noon's API offers no way to do. */
export interface NoonSandboxControl extends SandboxTrafficControl, SandboxRequestControl {
  /** Ends every session: the next API call answers 401 until the client logs in again. */
  expireSessions(): void;
  /** Warehouse side: SCHEDULED → RECEIVING, RECEIVING → INBOUNDED (qty_received / qty_putaway set). */
  receiveShipment(asnNr: string, status: 'RECEIVING' | 'INBOUNDED', qtyReceived?: number): void;
  /** A customer places an FBPI order now (pending, in the partner's warehouse); returns its fbpi_order_nr. */
  placeFbpiOrder(order?: NewFbpiOrder): string;
  /**
   * The customer (or noon) cancels items not yet shipped (MP_ITEM_STATUS_CANCELLED, CUSTOMER_CANCELLED): every
   * such item when `mpItemNrs` is omitted. Throws the noon error (INVALID_ITEM_STATUS...) when it cannot.
   */
  customerCancelFbpiOrder(fbpiOrderNr: string, mpItemNrs?: string[]): void;
  /**
   * The partner registers an HTTPS destination for its project (the default partner's when `keyId` is omitted),
   * exactly as through `POST /v1/destination/https-destination/create`; returns its destination_code.
   */
  createDestination(request: CreateHttpsDestinationRequest, keyId?: string): string;
  /** The partner changes one of its destinations, as through `POST /v1/destination/https-destination/{code}/update`. */
  updateDestination(destinationCode: string, request: UpdateHttpsDestinationRequest, keyId?: string): void;
  /** Every event delivery so far (one per event and destination), oldest first. */
  notifications(): SentNotification[];
  /** The latest delivery of the event with this message_id, once delivered or given up. */
  settledNotification(messageId: string): Promise<SentNotification>;
}

export function createControl(parts: {
  partners: ReadonlyMap<string, Partner>;
  defaultKeyId: string;
  fbpiOrders: FbpiOrderStore;
  clock: SandboxClock;
  traffic: TrafficControl;
  identity: IdentityService;
  shipments: ShipmentStore;
  destinations: DestinationBook;
  notifications: EventNotifications;
  log: RequestLog<RecordedRequest>;
}): NoonSandboxControl {
  const { partners, defaultKeyId, fbpiOrders, clock, traffic, identity, shipments, destinations, notifications, log } =
    parts;
  const partnerOf = (keyId = defaultKeyId) => {
    const partner = partners.get(keyId);
    if (partner === undefined) throw new Error(`no sandbox partner with key_id ${keyId}`);
    return partner;
  };
  return {
    ...trafficControl(clock, traffic),
    ...requestControl(log),
    expireSessions: () => identity.expireAllSessions(),
    receiveShipment: (asnNr, status, qtyReceived) => {
      shipments.receive(asnNr, `ASN_STATUS_${status}`, qtyReceived);
    },
    placeFbpiOrder: (order = {}) => {
      const partner = partnerOf(order.keyId);
      const items = (order.items ?? [{}, {}]).map((item) => ({
        status: item.status ?? 'MP_ITEM_STATUS_CONFIRMED',
        ...(item.partnerSku === undefined ? {} : { partner_sku: item.partnerSku }),
      }));
      return fbpiOrders.place(partner, order.countryCode ?? 'ae', items).fbpiOrderNr;
    },
    customerCancelFbpiOrder: (fbpiOrderNr, mpItemNrs) => {
      fbpiOrders.customerCancel(fbpiOrderNr, mpItemNrs);
    },
    createDestination: (request, keyId) =>
      destinations.create(partnerOf(keyId), parseInput(createDestinationBody, request, 'body')).code,
    updateDestination: (destinationCode, request, keyId) => {
      destinations.update(partnerOf(keyId), destinationCode, parseInput(updateDestinationBody, request, 'body'));
    },
    notifications: () => notifications.list(),
    settledNotification: (messageId) => notifications.settled(messageId),
  };
}
