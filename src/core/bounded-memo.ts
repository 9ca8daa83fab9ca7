import { LRUCache } from 'lru-cache';

/**
 * `compute` with its results kept for the `max` keys used last: for pure functions called again and
 * again with a few distinct inputs (product names, formatted figures, template paths), where working
 * the result out costs more than looking it up. Only for results that are never undefined.
 */
export function boundedMemo<K extends string | number, V extends NonNullable<unknown>>(compute: (key: K) => V, max: number): (key: K) => V {
  const known = new LRUCache<K, V>({ max });
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}
