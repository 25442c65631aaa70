/**
 * One status for every marketplace's orders. Each marketplace's raw values map onto it in its datasource's
 * mapping file; the README has the whole table. The raw value stays readable as `marketplaceStatus`.
 */
export enum OrderStatus {
  PENDING = 'PENDING',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  PACKED = 'PACKED',
  SHIPPED = 'SHIPPED',
  HANDED_OVER = 'HANDED_OVER',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
  RETURNED = 'RETURNED',
}
