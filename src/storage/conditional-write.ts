import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { isEtagConflict } from './etag-conflict';

/**
 * The eTag to write an item back with; undefined when nothing was stored (or storage handed back the
 * wildcard, which would make the write unconditional).
 */
export function storedETag(item: StoreItem | undefined): string | undefined {
  return typeof item?.eTag === 'string' && item.eTag !== '*' ? item.eTag : undefined;
}

/**
 * The eTag that makes a write conditional: the one read, or for an item that was not stored a made-up
 * one, which storage accepts only while nothing is stored under the key (see writeIfUnchanged).
 */
export function conditionalETag(eTag: string | undefined): string {
  return eTag ?? `new-${randomUUID()}`;
}

/**
 * Compare-and-set: writes `document` under `key` only if the item still has the eTag it was read with,
 * and returns false when another writer came first. An item that was not stored (`eTag` undefined) is
 * created with a made-up eTag, which storage accepts only while nothing is stored under the key
 * (MemoryStorage's rule, kept by our SQLite and blob storage): of two first writers, one loses.
 */
export async function writeIfUnchanged(storage: Storage, key: string, document: object, eTag: string | undefined): Promise<boolean> {
  return writeAllIfUnchanged(storage, { [key]: { ...document, eTag: conditionalETag(eTag) } });
}

/**
 * writeIfUnchanged for items that go together (each with the eTag it must match, or '*'): false when
 * another writer came first to any of them. SQLite writes all or none; Blob Storage writes each on its
 * own, so put the item that says which others count (a head listing its segments) where a lost race
 * leaves the others unlisted.
 */
export async function writeAllIfUnchanged(storage: Storage, items: StoreItems): Promise<boolean> {
  try {
    await storage.write(items);
    return true;
  } catch (error) {
    if (isEtagConflict(error)) return false;
    throw error;
  }
}
