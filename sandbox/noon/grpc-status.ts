import type { ItemStatus, ItemStatusCode } from './wire.js';

/** The gRPC canonical codes the per-item statuses use as `status_id`. */
const GRPC = { OK: 0, INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, FAILED_PRECONDITION: 9 } as const;

/** Which canonical code each of noon's per-item codes travels with (docs/noon-fbpi.md). */
const STATUS_ID: Record<ItemStatusCode, number> = {
  OK: GRPC.OK,
  PARTNER_SKU_NOT_FOUND: GRPC.NOT_FOUND,
  WAREHOUSE_NOT_FOUND: GRPC.NOT_FOUND,
  FORBIDDEN: GRPC.PERMISSION_DENIED,
  INACTIVE_PSKU_CODE: GRPC.FAILED_PRECONDITION,
  NOT_SOLD_IN_COUNTRY: GRPC.FAILED_PRECONDITION,
  INVALID_QTY: GRPC.INVALID_ARGUMENT,
  INVALID_PROCESSING_TIME: GRPC.INVALID_ARGUMENT,
  INVALID_COUNTRY_CODE: GRPC.INVALID_ARGUMENT,
  INVALID_PRICE: GRPC.INVALID_ARGUMENT,
  INVALID_MSRP: GRPC.INVALID_ARGUMENT,
  NOTHING_TO_UPDATE: GRPC.INVALID_ARGUMENT,
};

export const OK: ItemStatus = { status_id: GRPC.OK, status_code: 'OK', message: '', details: [] };

/** A refused item, in the gRPC-style status object of the stock and pricing services. */
export function refused(code: Exclude<ItemStatusCode, 'OK'>, message: string): ItemStatus {
  return { status_id: STATUS_ID[code], status_code: code, message, details: [] };
}
