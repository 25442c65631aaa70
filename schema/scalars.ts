/**
 * The scalars of the unified schema, from graphql-scalars so their validation is the well-tested one:
 * - `DateTime`: ISO-8601 in UTC, everywhere a moment is meant;
 * - `LocalDate`: `YYYY-MM-DD`, for dates that belong to a place (a warehouse's delivery day);
 * - `LocalTime`: `HH:MM`, a warehouse's local clock time;
 * - `CountryCode`: ISO 3166-1 alpha-2;
 * - `Currency`: ISO 4217.
 */
export {
  CountryCodeResolver as CountryCode,
  CurrencyResolver as Currency,
  DateTimeResolver as DateTime,
  LocalDateResolver as LocalDate,
  LocalTimeResolver as LocalTime,
} from 'graphql-scalars';
