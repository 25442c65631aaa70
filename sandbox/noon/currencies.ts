/** The currency of each country noon sells in: what orders are paid and prices are set in. */
const CURRENCY: Readonly<Record<string, string>> = { AE: 'AED', SA: 'SAR', EG: 'EGP' };

/** ISO 4217 code for an (any case) partner country; every partner country has one. */
export function currencyOf(countryCode: string): string {
  const currency = CURRENCY[countryCode.toUpperCase()];
  if (currency === undefined) throw new Error(`no currency for country ${countryCode}`);
  return currency;
}
