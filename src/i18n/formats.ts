/** Dates kept formatted per language; cleared when full. */
const MAX_FORMATTED_DATES = 2_000;

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
  return {
    /** A count, with the language's digit grouping. */
    integer: (value: number): string => integerFormat.format(value),
    /** A percentage or percentage points, to one decimal, without the % sign. */
    decimal: (value: number): string => decimalFormat.format(value),
    formatPercent: (value: number): string => `${decimalFormat.format(value)} %`,
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
