/** A delivery window, in the warehouse's local time (HH:MM). */
export interface TimeSlot {
  start: string;
  end: string;
}

/** An FBN warehouse that takes inbound deliveries. */
export interface InboundWarehouse {
  code: string;
  name: string;
  address: string;
  city: string;
  latitude: number;
  longitude: number;
}

/** The free delivery slots of one day (YYYY-MM-DD). */
export interface InboundSlotDay {
  date: string;
  slots: TimeSlot[];
}

/** Where and when an ASN can be delivered: what a partner picks from before booking. */
export interface InboundWarehouseAvailability {
  warehouse: InboundWarehouse;
  days: InboundSlotDay[];
}

/** A booking of one slot at one warehouse for an ASN. */
export interface InboundScheduleRequest {
  asnNumber: string;
  /** A warehouse its availability named. */
  warehouseCode: string;
  /** YYYY-MM-DD, in the warehouse's calendar. */
  date: string;
  slot: TimeSlot;
}
