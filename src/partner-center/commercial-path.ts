import { CodedError, ErrorCodes } from '../core/errors';

/**
 * The commercial usage endpoint's path. Its own doc page gives it twice (`/v1/...` in the syntax table,
 * `/partner/v1/...` in the example) and which one answers is unconfirmed. The configured path is asked
 * first; on 404 the other, once; whichever answers is used from then on, so the guess costs one
 * request per process at most.
 */
export interface CommercialPath {
  /** Runs `get` with the path plus `query`; on a 404 before any path answered, once more with the other path. */
  get<T>(get: (target: string) => Promise<T>, query: string): Promise<T>;
  /** The path in use now (the configured one until the other answered instead). */
  current(): string;
}

export function createCommercialPath(configured: string): CommercialPath {
  let path = configured;
  let confirmed = false;
  const target = (base: string, query: string) => `${base}${base.includes('?') ? '&' : '?'}${query}`;

  return {
    async get(get, query) {
      try {
        const result = await get(target(path, query));
        confirmed = true;
        return result;
      } catch (error) {
        if (confirmed || !(error instanceof CodedError && error.code === ErrorCodes.PartnerCenterNotFound)) throw error;
        const other = otherPath(path);
        const result = await get(target(other, query));
        path = other;
        confirmed = true;
        return result;
      }
    },
    current: () => path,
  };
}

/** `/partner/v1/...` ↔ `/v1/...`. */
export function otherPath(path: string): string {
  return /^\/partner\//i.test(path) ? path.replace(/^\/partner/i, '') : `/partner${path.startsWith('/') ? '' : '/'}${path}`;
}
