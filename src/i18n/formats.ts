/** Dates kept formatted per language; cleared when full. */
const MAX_FORMATTED_DATES = 2_000;
/** Numbers kept formatted per language and format; cleared when full. */
const MAX_FORMATTED_NUMBERS = 10_000;

/**
 * `format` with the texts it gave kept: a card formats some forty numbers, and seat counts and
 * percentages repeat from card to card. Intl's format is pure for a given formatter.
 */
function memoised(format: (value: number) => string): (value: number) => string {
  const known = new Map<number, string>();
  return (value) => {
    // A Map takes -0 for 0, where Intl writes "-0".
    if (Object.is(value, -0)) return format(value);
    let text = known.get(value);
    if (text === undefined) {
      text = format(value);
      if (known.size >= MAX_FORMATTED_NUMBERS) known.clear();
      known.set(value, text);
    }
    return text;
  };
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
  const formattedDates = new Map<string, string>();
  const integer = memoised((value: number) => integerFormat.format(value));
  const decimal = memoised((value: number) => decimalFormat.format(value));
  return {
    /** A count, with the language's digit grouping. */
    integer,
    /** A percentage or percentage points, to one decimal, without the % sign. */
    decimal,
    formatPercent: (value: number): string => `${decimal(value)} %`,
    formatDate: (iso: string): string => {
      let formatted = formattedDates.get(iso);
      if (formatted === undefined) {
        formatted = dateFormat.format(new Date(iso));
        // Cards show a handful of dates, mostly the same ones (data dates, renewal days): a small memo.
        if (formattedDates.size >= MAX_FORMATTED_DATES) formattedDates.clear();
        formattedDates.set(iso, formatted);
      }
      return formatted;
    },
  };
}
