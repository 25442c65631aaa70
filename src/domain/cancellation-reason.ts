/** Why an order is cancelled: Fruugo's documented reasons, which the other marketplaces map from. */
export enum CancellationReason {
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  PRODUCT_DISCONTINUED = 'PRODUCT_DISCONTINUED',
  INVALID_DELIVERY_ADDRESS = 'INVALID_DELIVERY_ADDRESS',
  CUSTOMER_CANCELLATION = 'CUSTOMER_CANCELLATION',
  LEGISLATION_RESTRICTION = 'LEGISLATION_RESTRICTION',
  OTHER = 'OTHER',
}
