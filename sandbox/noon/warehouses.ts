/** The one FBN warehouse per country designated for inbound (overview, "Key Constraints"). */
export interface InboundWarehouse {
  code: string;
  name: string;
  address: string;
  city: string;
  countryCode: string;
  /** Slot times are the warehouse's local time; none of these countries observes daylight saving. */
  utcOffsetHours: number;
  location: { lat: number; lng: number };
}

const WAREHOUSES: readonly InboundWarehouse[] = [
  {
    code: 'FBN-DXB-01',
    name: 'FBN Dubai Inbound',
    address: 'Jebel Ali Free Zone South, Dubai',
    city: 'Dubai',
    countryCode: 'AE',
    utcOffsetHours: 4,
    location: { lat: 24.9857, lng: 55.0911 },
  },
  {
    code: 'FBN-RUH-01',
    name: 'FBN Riyadh Inbound',
    address: 'Second Industrial City, Riyadh',
    city: 'Riyadh',
    countryCode: 'SA',
    utcOffsetHours: 3,
    location: { lat: 24.5247, lng: 46.8868 },
  },
  {
    code: 'FBN-CAI-01',
    name: 'FBN Cairo Inbound',
    address: 'Industrial Zone, 10th of Ramadan City, Cairo',
    city: 'Cairo',
    countryCode: 'EG',
    utcOffsetHours: 2,
    location: { lat: 30.2964, lng: 31.7427 },
  },
];

/** Every partner country has a warehouse, so a miss is a sandbox bug rather than a noon error. */
export function inboundWarehouse(countryCode: string): InboundWarehouse {
  const warehouse = WAREHOUSES.find((candidate) => candidate.countryCode === countryCode);
  if (warehouse === undefined) throw new Error(`no inbound warehouse for country ${countryCode}`);
  return warehouse;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `YYYY-MM-DD` of `at` in the warehouse's local time. */
export function localDate(warehouse: InboundWarehouse, at: Date): string {
  return new Date(at.getTime() + warehouse.utcOffsetHours * HOUR_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant at which `HH:MM` on `date` (warehouse local time) happens. */
export function localInstant(warehouse: InboundWarehouse, date: string, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - warehouse.utcOffsetHours * HOUR_MS);
}
