import type { FbpiOrderCustomerData } from './wire.js';
import { pick } from './random.js';

const FIRST_NAMES = [
  'Ahmed',
  'Fatima',
  'Omar',
  'Layla',
  'Yousef',
  'Mariam',
  'Khalid',
  'Noura',
  'Hassan',
  'Sara',
  'Ali',
  'Huda',
];
const LAST_NAMES = [
  'Al Mansoori',
  'Haddad',
  'Al Qahtani',
  'Khalil',
  'Farouk',
  'Al Shamsi',
  'Nasser',
  'Saleh',
  'Mostafa',
  'Al Harbi',
];

/** Cities with their emirate, province or governorate (`administrative_division`), per country. */
const CITIES: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  AE: [
    ['Dubai', 'Dubai'],
    ['Abu Dhabi', 'Abu Dhabi'],
    ['Sharjah', 'Sharjah'],
    ['Al Ain', 'Abu Dhabi'],
  ],
  SA: [
    ['Riyadh', 'Riyadh Province'],
    ['Jeddah', 'Makkah Province'],
    ['Dammam', 'Eastern Province'],
  ],
  EG: [
    ['Cairo', 'Cairo Governorate'],
    ['Giza', 'Giza Governorate'],
    ['Alexandria', 'Alexandria Governorate'],
  ],
};

/** A customer in the (upper-case) country, in Latin script as GetFbpiOrderCustomerData answers. */
export function sampleCustomer(countryCode: string, random: () => number): FbpiOrderCustomerData {
  const [city, division] = pick(CITIES[countryCode] ?? CITIES.AE ?? [], random);
  return {
    first_name: pick(FIRST_NAMES, random),
    last_name: pick(LAST_NAMES, random),
    city,
    administrative_division: division,
  };
}
