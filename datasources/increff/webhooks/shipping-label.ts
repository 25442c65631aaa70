import type { ShippingLabelResponse } from '../wire.js';
import { labelPdf } from './label-pdf.js';
import type { ShippingLabelQueryBody } from './schemas.js';

/**
 * The channel's answer to Get Shipping Label, worked out from the query alone (so a reprint gets the same label):
 * - `awbNumber` `<orderCode>-<shipmentId>`: unique, since Increff's shipment ids are, and readable on the parcel.
 *   The gateway books no carrier: the AWB is the reference the marketplace's own logistics pick the parcel up by.
 * - `transporter`: INCREFF_TRANSPORTER, the logistics that collect at handover.
 * - `shippingLabel`: a 4 × 6 inch PDF, base64 (the page allows it or a URL; inline needs no second request that
 *   Increff would have to authenticate).
 * - `boxLabelDetails`: empty. A pack update names one package per shipment, whose label this is.
 */
export function shippingLabel(query: ShippingLabelQueryBody, transporter: string): ShippingLabelResponse {
  const awbNumber = `${query.orderCode}-${query.shipmentId}`;
  const pdf = labelPdf([
    { text: transporter, size: 20 },
    { text: `AWB ${awbNumber}`, size: 16 },
    { text: `Order ${query.orderCode}`, size: 12 },
    { text: `Shipment ${query.shipmentCode ?? query.shipmentId} (id ${query.shipmentId})`, size: 12 },
    ...(query.locationCode === undefined ? [] : [{ text: `From ${query.locationCode}`, size: 12 }]),
  ]);
  return { shippingLabel: pdf.toString('base64'), awbNumber, transporter, boxLabelDetails: [] };
}
