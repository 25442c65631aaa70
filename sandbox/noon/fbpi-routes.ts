import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import {
  MAX_ORDERS_PER_PAGE,
  type CreateSandboxOrderResponse,
  type EmptyResponse,
  type FbpiOrder,
  type FbpiOrderCustomerData,
  type GetNoonLogisticsAwbsResponse,
  type GetShipmentResponse,
  type ListFbpiOrdersResponse,
} from './wire.js';
import { validationError } from './errors.js';
import type { FbpiOrderRecord, FbpiOrderStore } from './fbpi-orders.js';
import {
  addCourierAwbsBody,
  createShipmentBody,
  listOrdersBody,
  listOrdersQuery,
  noonLogisticsAwbsBody,
  sandboxOrderBody,
  shipmentReferenceBody,
  updateOrderBody,
} from './fbpi-schemas.js';
import type { FbpiShipmentStore } from './fbpi-shipments.js';
import { fbpiOrder, fbpiShipment } from './fbpi-views.js';
import type { NoonLogisticsAwbs } from './noon-logistics.js';
import { paginate } from './paging.js';
import type { SessionGuard } from './session-guard.js';
import { parseInput } from './validation.js';

interface OrderRoute {
  Params: { fbpi_order_nr: string };
}

/** The FBPI side of the simulated noon. */
export interface FbpiServices {
  orders: FbpiOrderStore;
  shipments: FbpiShipmentStore;
  noonAwbs: NoonLogisticsAwbs;
}

/**
 * The list token is `<filters>.<position>`: noon asks for the same filters on every page, so a token presented
 * with other filters is refused (422) rather than silently continuing another list.
 */
function filtersDigest(body: { warehouse_code: string; created_after?: string; created_before?: string }): string {
  const bounds = [body.created_after, body.created_before].map((at) => (at === undefined ? null : Date.parse(at)));
  return createHash('sha256')
    .update(JSON.stringify([body.warehouse_code, ...bounds]))
    .digest('base64url')
    .slice(0, 12);
}

function pagePosition(token: string | undefined, digest: string): string | undefined {
  if (!token) return undefined;
  const [tokenDigest, position] = token.split('.', 2);
  if (tokenDigest !== digest || position === undefined) {
    throw validationError([
      { field: 'next_token', message: 'next_token belongs to another list: send the same filters on every page' },
    ]);
  }
  return position;
}

/** The FBPI API, mounted under `/fbpi/v1`. Every route acts for the partner of the session cookie. */
export function fbpiRoutes(services: FbpiServices, guard: SessionGuard): FastifyPluginAsync {
  const { orders, shipments, noonAwbs } = services;
  return async (app) => {
    app.addHook('onRequest', guard.onRequest);

    app.get<OrderRoute>('/fbpi-order/:fbpi_order_nr/get', async (request): Promise<FbpiOrder> => {
      return fbpiOrder(orders.get(guard.partnerOf(request), request.params.fbpi_order_nr));
    });

    app.get<OrderRoute>(
      '/fbpi-order/:fbpi_order_nr/customer-details/get',
      async (request): Promise<FbpiOrderCustomerData> => {
        return { ...orders.get(guard.partnerOf(request), request.params.fbpi_order_nr).customer };
      },
    );

    app.post('/fbpi-orders/list', async (request): Promise<ListFbpiOrdersResponse> => {
      const query = parseInput(listOrdersQuery, request.query, 'query');
      const body = parseInput(listOrdersBody, request.body, 'body');
      const digest = filtersDigest(body);
      const position = pagePosition(query.next_token, digest);
      const matching = orders.list(guard.partnerOf(request), {
        warehouseCode: body.warehouse_code,
        createdAfter: body.created_after === undefined ? undefined : new Date(body.created_after),
        createdBefore: body.created_before === undefined ? undefined : new Date(body.created_before),
      });
      // Newest first; the key sorts like the list (creation time, then order number), both descending.
      const key = (order: FbpiOrderRecord) =>
        `${String(order.createdAt.getTime()).padStart(15, '0')}|${order.fbpiOrderNr}`;
      const page = paginate(matching, key, 'desc', { token: position, pageSize: MAX_ORDERS_PER_PAGE });
      return {
        orders: page.items.map(fbpiOrder),
        next_token: page.nextToken === null ? '' : `${digest}.${page.nextToken}`,
      };
    });

    app.post('/fbpi-order/update', async (request): Promise<EmptyResponse> => {
      const body = parseInput(updateOrderBody, request.body, 'body');
      orders.update(
        guard.partnerOf(request),
        body.fbpi_order_nr,
        body.items.map((item) => item.mp_item_nr),
      );
      return {};
    });

    app.post('/shipment/create', async (request): Promise<EmptyResponse> => {
      shipments.create(guard.partnerOf(request), parseInput(createShipmentBody, request.body, 'body'));
      return {};
    });

    app.post('/shipment/get', async (request): Promise<GetShipmentResponse> => {
      const reference = parseInput(shipmentReferenceBody, request.body, 'body');
      return fbpiShipment(shipments.get(guard.partnerOf(request), reference));
    });

    app.post('/shipment/cancel', async (request): Promise<EmptyResponse> => {
      shipments.cancel(guard.partnerOf(request), parseInput(shipmentReferenceBody, request.body, 'body'));
      return {};
    });

    app.post('/shipment/courier-awbs/add', async (request): Promise<EmptyResponse> => {
      const body = parseInput(addCourierAwbsBody, request.body, 'body');
      shipments.addCourierAwbs(guard.partnerOf(request), body, body.awbs);
      return {};
    });

    app.post('/shipment/noon-logistics-awbs/get', async (request): Promise<GetNoonLogisticsAwbsResponse> => {
      const body = parseInput(noonLogisticsAwbsBody, request.body, 'body');
      return { awb_nrs: noonAwbs.issue(guard.partnerOf(request), body.country_code, body.qty) };
    });

    app.post('/sandbox-order/create', async (request): Promise<CreateSandboxOrderResponse> => {
      const body = parseInput(sandboxOrderBody, request.body, 'body');
      return { fbpi_order_nr: orders.createSandboxOrder(guard.partnerOf(request), body).fbpiOrderNr };
    });
  };
}
