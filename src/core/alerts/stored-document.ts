import type { z } from 'zod';
import { CodedError, ErrorCodes } from '../errors';

/**
 * What a stored document turned out to be. `newer`: written by a newer version of the bot (a rolling
 * deployment); it must be left as it is, never overwritten. `corrupt`: of no version we know, or not
 * of the shape its version promises. Problems name only the version found or the paths that failed:
 * documents name customers and people.
 */
export type StoredDocumentParse<T> =
  | { kind: 'valid'; value: T }
  | { kind: 'newer'; problem: string }
  | { kind: 'corrupt'; problem: string };

/** The `version` a stored document says it has; undefined when it is not an object or says none. */
export function storedVersionOf(stored: unknown): unknown {
  return typeof stored === 'object' && stored !== null ? (stored as { version?: unknown }).version : undefined;
}

/** The one check of a stored document against its schema (and version, for versioned documents). */
export function parseStoredDocument<S extends z.ZodType>(stored: unknown, schema: S, name: string, version?: number): StoredDocumentParse<z.output<S>> {
  if (version !== undefined) {
    const found = storedVersionOf(stored);
    if (found !== version) {
      const problem = `Stored ${name} has version ${JSON.stringify(found) ?? 'none'}, expected ${version}`;
      return typeof found === 'number' && Number.isInteger(found) && found > version ? { kind: 'newer', problem } : { kind: 'corrupt', problem };
    }
  }
  const parsed = schema.safeParse(stored);
  if (parsed.success) return { kind: 'valid', value: parsed.data };
  const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
  return { kind: 'corrupt', problem: `Stored ${name} is malformed at ${[...new Set(paths)].slice(0, 5).join(', ')}` };
}

/**
 * Reads a versioned document as storage handed it back. One of another version or shape is refused
 * rather than read as empty, which would alert everything again or drop what people asked for.
 */
export function readStoredDocument<S extends z.ZodType>(stored: unknown, version: number, schema: S, name: string): z.output<S> {
  const parsed = parseStoredDocument(stored, schema, name, version);
  if (parsed.kind !== 'valid') throw new CodedError(ErrorCodes.Internal, parsed.problem);
  return parsed.value;
}
