import type { ScheduleSlot } from './wire.js';
import { NoonError, validationError } from './errors.js';
import { addDays, localDate, localInstant, type InboundWarehouse } from './warehouses.js';

/** The same four check-in slots every day, warehouse local time. */
export const DAILY_SLOTS: readonly ScheduleSlot[] = [
  { start: '08:00', end: '10:00' },
  { start: '10:00', end: '12:00' },
  { start: '13:00', end: '15:00' },
  { start: '15:00', end: '17:00' },
];

/** Bookable days: tomorrow (warehouse local date) and the 13 days after it. */
const BOOKING_WINDOW_DAYS = 14;

export interface SlotBooking {
  warehouseCode: string;
  /** `YYYY-MM-DD`, warehouse local. */
  date: string;
  slot: ScheduleSlot;
}

export function slotStart(warehouse: InboundWarehouse, booking: SlotBooking): Date {
  return localInstant(warehouse, booking.date, booking.slot.start);
}

function bookableDates(warehouse: InboundWarehouse, now: Date): string[] {
  const today = localDate(warehouse, now);
  return Array.from({ length: BOOKING_WINDOW_DAYS }, (_, index) => addDays(today, index + 1));
}

function isDailySlot(slot: ScheduleSlot): boolean {
  return DAILY_SLOTS.some((daily) => daily.start === slot.start && daily.end === slot.end);
}

function slotKey(booking: SlotBooking): string {
  return `${booking.warehouseCode} ${booking.date} ${booking.slot.start}`;
}

/** Which ASNs hold each warehouse slot; each slot takes at most `capacity` ASNs. */
export class SlotLedger {
  private readonly booked = new Map<string, Set<string>>();

  constructor(private readonly capacity: number) {}

  /** Days with at least one slot left, and only the slots with room (GetSlotAvailability lists nothing else). */
  availability(warehouse: InboundWarehouse, now: Date): Array<{ date: string; slots: ScheduleSlot[] }> {
    return bookableDates(warehouse, now)
      .map((date) => ({
        date,
        slots: DAILY_SLOTS.filter((slot) => this.hasRoom({ warehouseCode: warehouse.code, date, slot })),
      }))
      .filter((day) => day.slots.length > 0);
  }

  /** 422 for a slot noon never offered (wrong warehouse, date outside the window, unknown times); 400 when full. */
  book(warehouse: InboundWarehouse, booking: SlotBooking, asnNr: string, now: Date): void {
    if (booking.warehouseCode !== warehouse.code) {
      throw validationError([
        { field: 'dst_warehouse_code', message: `the inbound warehouse for this ASN is ${warehouse.code}` },
      ]);
    }
    const dates = bookableDates(warehouse, now);
    if (!dates.includes(booking.date)) {
      const first = dates[0] ?? '';
      const message =
        booking.date < first
          ? `schedule_date must be in the future (${first} or later)`
          : `schedule_date must be within the next ${BOOKING_WINDOW_DAYS} days (${dates.at(-1) ?? ''} at the latest)`;
      throw validationError([{ field: 'schedule_date', message }]);
    }
    if (!isDailySlot(booking.slot)) {
      throw validationError([{ field: 'schedule_slot', message: 'schedule_slot is not one of the warehouse slots' }]);
    }
    if (!this.hasRoom(booking)) {
      const { date, slot } = booking;
      throw new NoonError('CAPACITY_EXCEEDED', `no capacity left on ${date} ${slot.start}-${slot.end}`);
    }
    const key = slotKey(booking);
    this.booked.set(key, (this.booked.get(key) ?? new Set()).add(asnNr));
  }

  release(booking: SlotBooking, asnNr: string): void {
    this.booked.get(slotKey(booking))?.delete(asnNr);
  }

  private hasRoom(booking: SlotBooking): boolean {
    return (this.booked.get(slotKey(booking))?.size ?? 0) < this.capacity;
  }
}
