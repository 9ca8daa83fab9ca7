/** Query-string readers shared by the endpoint handlers. */

/** A count from the query string: undefined when present but not a whole number in range. */
export function parseCount(raw: string | null, fallback: number, min: number, max: number): number | undefined {
  if (raw === null || raw.trim() === '') return fallback;
  if (!/^\s*\d+\s*$/.test(raw)) return undefined;
  const value = Number(raw);
  if (value < min) return undefined;
  return Math.min(value, max);
}

/** Reads `name` or its OData spelling `$name`. */
export function queryParam(params: URLSearchParams, name: string): { key: string; value: string | null } {
  if (params.has(name) || !params.has(`$${name}`)) return { key: name, value: params.get(name) };
  return { key: `$${name}`, value: params.get(`$${name}`) };
}
