import type { Storage, StoreItem } from 'botbuilder';
import type { z } from 'zod';
import { parseStoredDocument } from '../core/alerts/stored-document';
import { CodedError, ErrorCodes } from '../core/errors';
import type { Logger } from '../logging/logger';
import { storedETag } from './conditional-write';

/** A document as read: its value (undefined when absent or corrupt) and the eTag to write it back with. */
export interface StoredRead<T> {
  value: T | undefined;
  /** Also set for a corrupt document, so the next write can replace it. */
  eTag: string | undefined;
  /** Whether anything was stored under the key, valid or not. */
  stored: boolean;
}

export interface DocumentKind<S extends z.ZodType> {
  schema: S;
  /** For logs and errors, e.g. "conversation settings". */
  name: string;
  /** For versioned documents: one from a newer version of the bot is refused, never replaced. */
  version?: number;
}

/** Where a corrupt document is copied before it is treated as absent, for a person to look at. */
export const CORRUPT_PREFIX = 'corrupt-documents/';

/**
 * The one way a stored document is read: validated against its schema. A corrupt one (a crash mid-write
 * by an older version, a hand edit, a bit flip) is logged, copied aside under CORRUPT_PREFIX so nothing
 * is lost, and treated as absent: the bot keeps working and the next write replaces it. One written by a
 * newer version of the bot is refused (a CodedError) and left as it is.
 */
export async function readDocument<S extends z.ZodType>(
  storage: Storage,
  key: string,
  kind: DocumentKind<S>,
  logger: Logger,
): Promise<StoredRead<z.output<S>>> {
  return documentFrom(storage, key, (await storage.read([key]))[key] as StoreItem | undefined, kind, logger);
}

/** As readDocument, for an item the caller read already (`storage` and `key`: where a corrupt copy goes). */
export async function documentFrom<S extends z.ZodType>(
  storage: Storage,
  key: string,
  item: StoreItem | undefined,
  kind: DocumentKind<S>,
  logger: Logger,
): Promise<StoredRead<z.output<S>>> {
  if (item === undefined || item === null) return { value: undefined, eTag: undefined, stored: false };
  const eTag = storedETag(item);
  const document: unknown = typeof item === 'object' && !Array.isArray(item) ? withoutETag(item) : item;
  const parsed = parseStoredDocument(document, kind.schema, kind.name, kind.version);
  if (parsed.kind === 'valid') return { value: parsed.value, eTag, stored: true };
  if (parsed.kind === 'newer') {
    logger.error({ key, document: kind.name, problem: parsed.problem }, 'stored document is from a newer version of the bot; left as it is');
    throw new CodedError(ErrorCodes.Internal, parsed.problem);
  }
  logger.error({ key, document: kind.name, problem: parsed.problem, keptAs: CORRUPT_PREFIX + key }, 'stored document is corrupt; treated as absent');
  await keepAside(storage, key, document, logger);
  return { value: undefined, eTag, stored: true };
}

async function keepAside(storage: Storage, key: string, document: unknown, logger: Logger): Promise<void> {
  try {
    // Unconditional: the latest corrupt copy is the one worth looking at.
    await storage.write({ [CORRUPT_PREFIX + key]: { document: JSON.parse(JSON.stringify(document)) as unknown, keptAt: new Date().toISOString(), eTag: '*' } });
  } catch (error) {
    logger.warn({ err: error, key }, 'could not keep a copy of a corrupt stored document');
  }
}

function withoutETag(item: StoreItem): Record<string, unknown> {
  const { eTag: _eTag, ...document } = item;
  return document;
}
