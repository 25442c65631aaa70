import type { FastifyPluginAsync } from 'fastify';
import type {
  ListEligibleItemsResponse,
  ListShipmentItemsResponse,
  ListShipmentsResponse,
  ShipmentResponse,
  SlotAvailabilityResponse,
} from './wire.js';
import { paginate } from './paging.js';
import {
  createShipmentBody,
  deleteItemsBody,
  eligibleItemsQuery,
  listShipmentItemsQuery,
  listShipmentsQuery,
  scheduleBody,
  updateItemsBody,
  updateStatusBody,
} from './schemas.js';
import type { SessionGuard } from './session-guard.js';
import { linesBySku, type Shipment, type ShipmentStore } from './shipments.js';
import { parseInput } from './validation.js';
import { eligibleItem, shipmentHeader, shipmentItem, warehouse } from './views.js';

/** Routes that name the ASN in the path. */
interface AsnRoute {
  Params: { asn_nr: string };
}

function shipmentResponse(shipment: Shipment): ShipmentResponse {
  return { shipment: shipmentHeader(shipment) };
}

/** The FBN Inbound API, mounted under `/inbound/v1`. Every route acts for the partner of the session cookie. */
export function inboundRoutes(shipments: ShipmentStore, guard: SessionGuard): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', guard.onRequest);

    app.post('/shipment/create', async (request): Promise<ShipmentResponse> => {
      const body = parseInput(createShipmentBody, request.body, 'body');
      const shipment = shipments.create(guard.partnerOf(request), {
        shipmentType: body.shipment_type,
        exrefNr: body.exref_nr,
        countryCode: body.country_code,
      });
      return shipmentResponse(shipment);
    });

    app.get('/catalog/items', async (request): Promise<ListEligibleItemsResponse> => {
      const query = parseInput(eligibleItemsQuery, request.query, 'query');
      const eligible = guard.partnerOf(request).catalog.eligible({
        storageType: query.storage_type,
        countryCode: query.country_code,
        search: query.search,
      });
      const page = paginate(eligible, (item) => item.partnerSku, 'asc', {
        token: query.next_token,
        pageSize: query.page_size,
      });
      return { items: page.items.map(eligibleItem), next_token: page.nextToken };
    });

    app.post('/shipment/items/update', async (request): Promise<ShipmentResponse> => {
      const body = parseInput(updateItemsBody, request.body, 'body');
      const upserts = body.items.map((item) => ({
        partnerSku: item.partner_sku,
        qty: item.qty,
        storageType: item.storage_type,
      }));
      return shipmentResponse(shipments.upsertItems(guard.partnerOf(request), body.asn_nr, upserts));
    });

    app.post('/shipment/items/delete', async (request): Promise<ShipmentResponse> => {
      const body = parseInput(deleteItemsBody, request.body, 'body');
      return shipmentResponse(shipments.deleteItems(guard.partnerOf(request), body.asn_nr, body.partner_skus));
    });

    app.post('/shipment/status/update', async (request): Promise<ShipmentResponse> => {
      const body = parseInput(updateStatusBody, request.body, 'body');
      return shipmentResponse(shipments.updateStatus(guard.partnerOf(request), body.asn_nr, body.action));
    });

    app.post('/shipment/schedule', async (request): Promise<ShipmentResponse> => {
      const body = parseInput(scheduleBody, request.body, 'body');
      const booking = {
        warehouseCode: body.dst_warehouse_code,
        date: body.schedule_date,
        slot: body.schedule_slot,
      };
      return shipmentResponse(shipments.schedule(guard.partnerOf(request), body.asn_nr, booking));
    });

    // Registered before `/shipment/:asn_nr`, which would otherwise read "list" as an ASN number.
    app.get('/shipment/list', async (request): Promise<ListShipmentsResponse> => {
      const query = parseInput(listShipmentsQuery, request.query, 'query');
      const matching = shipments.list(guard.partnerOf(request), {
        status: query['filter.status'],
        countryCode: query.country_code,
      });
      const page = paginate(matching, (shipment) => shipment.asnNr, 'desc', {
        token: query.next_token,
        pageSize: query.page_size,
      });
      return {
        shipments: page.items.map(shipmentHeader),
        // ListShipments marks the last page with "" where the other lists use null.
        next_token: page.nextToken ?? '',
        total_count: matching.length,
      };
    });

    app.get<AsnRoute>('/shipment/:asn_nr', async (request): Promise<ShipmentResponse> => {
      const { asn_nr } = request.params;
      return shipmentResponse(shipments.get(guard.partnerOf(request), asn_nr));
    });

    app.get<AsnRoute>('/shipment/:asn_nr/items', async (request): Promise<ListShipmentItemsResponse> => {
      const { asn_nr } = request.params;
      const query = parseInput(listShipmentItemsQuery, request.query, 'query');
      const shipment = shipments.get(guard.partnerOf(request), asn_nr);
      const page = paginate(linesBySku(shipment), (line) => line.item.partnerSku, 'asc', {
        token: query.next_token,
        pageSize: query.page_size,
      });
      return {
        items: page.items.map(shipmentItem),
        next_token: page.nextToken,
        total_sku_count: shipment.lines.size,
      };
    });

    app.get<AsnRoute>('/shipment/:asn_nr/schedule/slot_availability', async (request) => {
      const availability = shipments.availability(guard.partnerOf(request), request.params.asn_nr);
      const response: SlotAvailabilityResponse = {
        warehouses: [{ warehouse: warehouse(availability.warehouse), days: availability.days }],
      };
      return response;
    });
  };
}
