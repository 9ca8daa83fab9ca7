import type { z } from 'zod';

/**
 * Where an answer lacked the shape the bot relies on, for the error and the log: up to three field paths
 * (under `prefix`, for a row inside a page), never the values, which are body content.
 */
export function fieldsOf(error: z.ZodError, prefix: ReadonlyArray<string | number> = []): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => [...prefix, ...issue.path].join('.') || '(root)')
    .join(', ');
}
