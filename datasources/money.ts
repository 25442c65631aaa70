import type { Money } from '../src/domain/money.js';

/**
 * Money at the edge: every marketplace writes amounts its own way (Marketplacer in cents, noon and Fruugo as
 * decimals), and the unified model holds an exact decimal string with the currency's own number of decimals
 * (ISO 4217: 2 for AED and GBP, 3 for KWD and BHD, 0 for JPY), read from ICU rather than a table of ours.
 */

const digitsCache = new Map<string, number>();

/** How many decimals `currency` has (ISO 4217), e.g. 2 for AED, 3 for KWD. */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(code, digits);
  }
  return digits;
}

/** An amount in the currency's minor unit (Marketplacer's cents) as Money: 10832 USD → "108.32". */
export function fromMinorUnits(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole number of minor units: ${minor}`);
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  const amount = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return { amount: `${sign}${amount}`, currency: currency.toUpperCase() };
}

/** A decimal amount as a marketplace writes it (`120.5`, `"120.50"`) as Money, rounded half away from zero. */
export function fromDecimal(value: number | string, currency: string): Money {
  return fromMinorUnits(toMinorUnits(value, currency), currency);
}

/** The minor units of a decimal amount (`"27.08"` AED → 2708), for marketplaces that want cents. */
export function toMinorUnits(value: number | string, currency: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw new RangeError(`not an amount: ${value}`);
  const scale = 10 ** currencyDigits(currency);
  // toFixed first: 1.005 * 100 is 100.49999…, and the amount meant is 1.005.
  const scaled = Number((Math.abs(number) * scale).toFixed(6));
  return Math.sign(number) * Math.round(scaled);
}

/** The sum of amounts in one currency; undefined for an empty list. */
export function sumMoney(amounts: Money[]): Money | undefined {
  const [first] = amounts;
  if (first === undefined) return undefined;
  const currency = first.currency;
  let minor = 0;
  for (const money of amounts) {
    if (money.currency !== currency) throw new Error(`cannot add ${money.currency} to ${currency}`);
    minor += toMinorUnits(money.amount, currency);
  }
  return fromMinorUnits(minor, currency);
}

/** `unitPrice × quantity`, exactly. */
export function multiplyMoney(unit: Money, quantity: number): Money {
  return fromMinorUnits(toMinorUnits(unit.amount, unit.currency) * quantity, unit.currency);
}
