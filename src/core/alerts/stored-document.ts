import type { z } from 'zod';
import { CodedError, ErrorCodes } from '../errors';

/**
 * Reads a versioned document as storage handed it back. One of another version or shape is refused
 * rather than read as empty, which would alert everything again or drop what people asked for. The
 * error names only the version found or the paths that failed: the document names customers and people.
 */
export function readStoredDocument<S extends z.ZodType>(stored: unknown, version: number, schema: S, name: string): z.output<S> {
  const found = typeof stored === 'object' && stored !== null ? (stored as { version?: unknown }).version : undefined;
  if (found !== version) {
    throw new CodedError(ErrorCodes.Internal, `Stored ${name} has version ${JSON.stringify(found) ?? 'none'}, expected ${version}`);
  }
  const parsed = schema.safeParse(stored);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    throw new CodedError(ErrorCodes.Internal, `Stored ${name} is malformed at ${[...new Set(paths)].slice(0, 5).join(', ')}`);
  }
  return parsed.data;
}
