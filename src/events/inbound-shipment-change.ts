import type { InboundShipmentStatus } from '../domain/inbound-shipment.js';

/** An ASN's move through noon's inbound steps, made through this gateway (noon sends no inbound webhooks). */
export interface InboundShipmentChange {
  asnNumber: string;
  /** The mutation that moved it, e.g. `sealInboundShipment`. */
  action: string;
  /** Its status after the move. */
  status: InboundShipmentStatus;
  /** ISO-8601. */
  occurredAt: string;
}
