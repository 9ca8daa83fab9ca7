/**
 * One language's number and date formats. The Intl formatters are built once per language: building
 * one costs far more than using it.
 */
export function formatsFor(locale: string) {
  const decimalFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const integerFormat = new Intl.NumberFormat(locale);
  // UTC: Partner Center's processing date must not shift with the server's time zone.
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return {
    /** A count, with the language's digit grouping. */
    integer: (value: number): string => integerFormat.format(value),
    /** A percentage or percentage points, to one decimal, without the % sign. */
    decimal: (value: number): string => decimalFormat.format(value),
    formatPercent: (value: number): string => `${decimalFormat.format(value)} %`,
    formatDate: (iso: string): string => dateFormat.format(new Date(iso)),
  };
}
