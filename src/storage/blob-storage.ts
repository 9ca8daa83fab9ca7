import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import type { Logger } from '../logging/logger';
import { BLOB_PIPELINE_OPTIONS, blobErrorSummary, blobStatus } from './blob-container';
import { EtagConflictError, isEtagConflict } from './etag-conflict';

export interface BlobStorageOptions {
  /** The account's connection string: botbuilder's BlobsStorage builds its own client from it. */
  connectionString: string;
  /** The same container, already created (connectBlobContainer): conditional creates go through it. */
  container: ContainerClient;
  logger?: Logger;
}

/**
 * botbuilder `Storage` in an Azure Blob Storage container, one JSON blob per key, shared by every bot
 * instance using the container. It is botbuilder's BlobsStorage with two things put right so that it
 * behaves as MemoryStorage and the SQLite storage do:
 * - keys: BlobsStorage collapses repeated slashes and cuts names at 1024 characters, so distinct keys
 *   could share a blob; here every key gets a blob name of its own (see blobNameOf);
 * - eTags: BlobsStorage sends any eTag as If-Match, which fails when nothing is stored yet, while
 *   MemoryStorage lets that first write through. TeamsSSOTokenExchangeMiddleware writes each sign-in
 *   exchange with its id as eTag and drops the exchange on a conflict, so unchanged it would drop every
 *   sign-in. A conditional write to a missing blob is therefore retried as a create-only write.
 */
export function blobStorage(options: BlobStorageOptions): Storage {
  const { connectionString, container, logger } = options;
  const blobs = new BlobsStorage(connectionString, container.containerName, { storagePipelineOptions: BLOB_PIPELINE_OPTIONS });

  async function writeIfMatch(key: string, item: StoreItem): Promise<void> {
    const name = blobNameOf(key);
    try {
      await blobs.write({ [name]: item });
      return;
    } catch (error) {
      // A stale eTag and a missing blob both come back as 412 (BlobsStorage words it as a conflict);
      // some service versions answer 404 for the missing blob. Which one it was, the create tells.
      if (!isEtagConflict(error) && blobStatus(error) !== 404) throw error;
    }
    try {
      await createOnly(container, name, item);
    } catch (error) {
      const status = blobStatus(error);
      // 409: someone else's item is there (the eTag was stale); 412: the blob is leased (never ours).
      if (status === 409 || status === 412) throw new EtagConflictError(key);
      throw error;
    }
  }

  return {
    async read(keys) {
      if (!keys) throw new ReferenceError('Keys are required when reading.');
      const found = await blobs.read(keys.map(blobNameOf));
      const items: StoreItems = {};
      for (const key of keys) {
        const item = found[blobNameOf(key)] as StoreItem | undefined;
        if (item) items[key] = item;
      }
      return items;
    },

    async write(changes) {
      if (!changes) throw new ReferenceError('Changes are required when writing.');
      const conditional: Array<[string, StoreItem]> = [];
      const unconditional: StoreItems = {};
      for (const [key, item] of Object.entries(changes)) {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          throw new TypeError(`Storage: cannot write "${key}": the item must be an object.`);
        }
        const eTag: unknown = (item as StoreItem).eTag;
        if (eTag && eTag !== '*') conditional.push([key, item as StoreItem]);
        // '*' explicitly: BlobsStorage would send an empty If-Match for a missing eTag.
        else unconditional[blobNameOf(key)] = { ...(item as StoreItem), eTag: '*' };
      }
      // Blob Storage has no transaction across blobs. Conditional items go first, so a conflict refuses
      // the batch before any unconditional item is written (as SQLite refuses the whole batch); only two
      // conditional items in one batch can end half-written, and the bot writes no such batch.
      const outcomes = await Promise.allSettled(conditional.map(([key, item]) => writeIfMatch(key, item)));
      const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failure) {
        const error: unknown = failure.reason;
        // Expected when two Teams clients send the same sign-in: debug, not warn.
        if (error instanceof EtagConflictError) logger?.debug({ key: error.key }, 'storage write refused: eTag conflict');
        else logger?.warn({ error: blobErrorSummary(error) }, 'storage write failed');
        throw error;
      }
      if (Object.keys(unconditional).length > 0) await blobs.write(unconditional);
    },

    async delete(keys) {
      if (!keys) throw new ReferenceError('Keys are required when deleting.');
      await blobs.delete(keys.map(blobNameOf));
    },
  };
}

/** Writes the item only if no blob has that name yet, in the form BlobsStorage writes and reads. */
async function createOnly(container: ContainerClient, name: string, item: StoreItem): Promise<void> {
  const body = JSON.stringify({ ...item, eTag: undefined });
  await container.getBlockBlobClient(sanitizeBlobKey(name)).upload(body, Buffer.byteLength(body), {
    conditions: { ifNoneMatch: '*' },
    blobHTTPHeaders: { blobContentType: 'application/json' },
  });
}

/** Azure's limit on a blob name, in characters. */
const MAX_BLOB_NAME = 1024;

/**
 * The name BlobsStorage is given for a key: different keys never share one, and BlobsStorage's own
 * sanitising (split on "/", URI-encode, cut at 1024) leaves it unique.
 *
 * Readable keys are URI-encoded, with the characters encodeURIComponent leaves alone but URLs treat
 * specially ("." segments, "~", "!", "*", "'", "(", ")") encoded as well: no "/" is left to collapse,
 * no name is "." or "..", and no readable name contains "~". Keys that would be empty or too long once
 * BlobsStorage encodes the "%" signs again become "~" plus a SHA-256 of the key, which no readable name
 * can equal.
 */
export function blobNameOf(key: string): string {
  const readable = encodeKey(key);
  // BlobsStorage encodes the name again: every "%" becomes "%25".
  const stored = readable === undefined ? Infinity : readable.length + 2 * (readable.split('%').length - 1);
  if (readable && stored <= MAX_BLOB_NAME) return readable;
  // UTF-16 code units, so keys with unpaired surrogates (which UTF-8 would blur together) stay apart.
  return `~${createHash('sha256').update(Buffer.from(key, 'utf16le')).digest('hex')}`;
}

function encodeKey(key: string): string | undefined {
  try {
    return encodeURIComponent(key).replace(/[.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    // encodeURIComponent refuses unpaired surrogates.
    return undefined;
  }
}
