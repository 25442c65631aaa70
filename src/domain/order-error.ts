/** Which step of an order a marketplace's error is about: its confirmation (acknowledge), shipment or cancellation. */
export enum OrderErrorType {
  ORDER_ACKNOWLEDGE = 'ORDER_ACKNOWLEDGE',
  ORDER_SHIP = 'ORDER_SHIP',
  ORDER_CANCEL = 'ORDER_CANCEL',
}

/**
 * A problem a marketplace reported about an order, kept by the gateway: Fruugo answers a call by callback, so a
 * refusal arrives after the call and can only be shown with the order.
 */
export interface OrderError {
  type: OrderErrorType;
  /** The marketplace's message, as sent. */
  message: string;
  /** The request field it is about, when the marketplace names one. */
  field: string | null;
  /** The correlation id of the call it answers. */
  correlationId: string | null;
  createdAt: Date;
}
