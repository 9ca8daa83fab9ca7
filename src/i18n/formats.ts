import { boundedMemo } from '../core/bounded-memo';

/** Dates kept formatted per language. */
const MAX_FORMATTED_DATES = 2_000;
/** Numbers kept formatted per language and format. */
const MAX_FORMATTED_NUMBERS = 10_000;

/**
 * `format` with the texts it gave kept: a card formats some forty numbers, and seat counts and
 * percentages repeat from card to card. Intl's format is pure for a given formatter.
 */
function memoised(format: (value: number) => string): (value: number) => string {
  const known = boundedMemo(format, MAX_FORMATTED_NUMBERS);
  // A cache takes -0 for 0, where Intl writes "-0".
  return (value) => (Object.is(value, -0) ? format(value) : known(value));
}

/**
 * One language's number and date formats. The Intl formatters are built once per language: building
 * one costs far more than using it.
 */
export function formatsFor(locale: string) {
  const decimalFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const integerFormat = new Intl.NumberFormat(locale);
  // UTC: Partner Center's processing date must not shift with the server's time zone.
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  // Cards show a handful of dates, mostly the same ones (data dates, renewal days).
  const formatDate = boundedMemo((iso: string) => dateFormat.format(new Date(iso)), MAX_FORMATTED_DATES);
  const integer = memoised((value: number) => integerFormat.format(value));
  const decimal = memoised((value: number) => decimalFormat.format(value));
  return {
    /** A count, with the language's digit grouping. */
    integer,
    /** A percentage or percentage points, to one decimal, without the % sign. */
    decimal,
    formatPercent: (value: number): string => `${decimal(value)} %`,
    formatDate,
  };
}
