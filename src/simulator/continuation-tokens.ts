import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SEARCH_FIELDS } from './dataset-index';

/**
 * Continuation tokens: the search state travels in the token, signed so that a forged or foreign
 * token is "unknown", and nothing accumulates in memory however many searches a benchmark runs.
 */

const searchStateSchema = z.object({
  field: z.enum(SEARCH_FIELDS).nullable(),
  prefix: z.string(),
  offset: z.number().int().nonnegative(),
});
export type SearchState = z.infer<typeof searchStateSchema>;

export function createContinuationTokens(secret: Buffer) {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest().subarray(0, 16);
  return {
    issue(state: SearchState): string {
      const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    read(token: string | undefined): SearchState | undefined {
      const [payload, signature, ...rest] = (token ?? '').split('.');
      if (!payload || !signature || rest.length > 0) return undefined;
      const given = Buffer.from(signature, 'base64url');
      const expected = sign(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const parsed = searchStateSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
export type ContinuationTokens = ReturnType<typeof createContinuationTokens>;
