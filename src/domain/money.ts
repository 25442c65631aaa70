/**
 * An amount in one currency. The amount is an exact decimal string in major units with the currency's own number
 * of decimals ("27.08" AED, "1.250" KWD), so no float rounding creeps in between a marketplace and the client.
 */
export interface Money {
  amount: string;
  /** ISO 4217, e.g. AED. */
  currency: string;
}
