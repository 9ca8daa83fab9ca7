import { join } from 'node:path';
import type { Storage } from 'botbuilder';
import type { PassLock } from '../alerts/ports';
import type { AppConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import { blobErrorSummary, blobStatus, connectBlobContainer, MalformedConnectionStringError } from './blob-container';
import { blobLeaseLock } from './blob-lease-lock';
import { blobStorage } from './blob-storage';
import { openSqliteStorage } from './sqlite-storage';
import { storageLeaseLock } from './storage-lease-lock';

export interface OpenStorageOptions {
  storage: AppConfig['storage'];
  /** Where the SQLite file lives (STORAGE=sqlite). */
  dataDir: string;
  logger: Logger;
}

export interface OpenedStorage {
  storage: Storage;
  /** A lock that only one process sharing this storage holds at a time (e.g. the alert pass's). */
  lock(name: string, leaseSeconds: number): PassLock;
  close(): Promise<void>;
}

/** The configured storage could not be opened; the message says which setting to look at. */
export class StorageStartupError extends Error {
  override readonly name = 'StorageStartupError';
}

/** The SQLite file in DATA_DIR, as the bot has always kept it. */
const SQLITE_FILE_NAME = 'bot-state.sqlite';

/**
 * Opens the storage STORAGE selects: embedded SQLite in DATA_DIR (one machine), or a Blob Storage
 * container shared by every instance behind a load balancer. Throws a StorageStartupError, worded for
 * whoever starts the bot, when it cannot.
 */
export async function openStorage(options: OpenStorageOptions): Promise<OpenedStorage> {
  const { logger } = options;
  if (options.storage.kind === 'blob') {
    const { connectionString, container: containerName } = options.storage;
    let container;
    try {
      container = await connectBlobContainer(connectionString, containerName);
    } catch (error) {
      throw blobStartupError(error, containerName);
    }
    logger.info({ storage: 'blob', container: containerName }, 'state kept in Azure Blob Storage');
    return {
      storage: blobStorage({ connectionString, container, logger }),
      lock: (name, leaseSeconds) => blobLeaseLock({ container, name, leaseSeconds, logger }),
      close: async () => undefined,
    };
  }

  const file = join(options.dataDir, SQLITE_FILE_NAME);
  let storage;
  try {
    storage = openSqliteStorage({ file, logger });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageStartupError(`The state database ${file} could not be opened (${reason}); check DATA_DIR.`);
  }
  logger.info({ storage: 'sqlite', file }, 'state kept in SQLite');
  return {
    storage,
    lock: (name, leaseSeconds) => storageLeaseLock({ storage, name, leaseSeconds, logger }),
    close: async () => storage.close(),
  };
}

/**
 * One sentence per way the container can fail to open, naming the variable to fix. The SDK's own
 * message only where it cannot hold a secret (a service answer or a network error code): others can
 * quote the connection string.
 */
function blobStartupError(error: unknown, container: string): StorageStartupError {
  if (error instanceof MalformedConnectionStringError) {
    return new StorageStartupError(
      'AZURE_STORAGE_CONNECTION_STRING is not an Azure Storage connection string: copy it from the storage account\'s "Access keys" page (DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net).',
    );
  }
  const status = blobStatus(error);
  const { code } = blobErrorSummary(error);
  const answer = `${status ?? ''}${code ? ` ${code}` : ''}`.trim();
  if (status === 403 || status === 401) {
    return new StorageStartupError(
      `Azure Blob Storage refused the account key or SAS in AZURE_STORAGE_CONNECTION_STRING (${answer}): check that it is current and may create and write containers.`,
    );
  }
  if (status !== undefined) {
    return new StorageStartupError(
      `Azure Blob Storage answered ${answer} when opening container "${container}": check AZURE_STORAGE_CONTAINER and AZURE_STORAGE_CONNECTION_STRING.`,
    );
  }
  return new StorageStartupError(
    `Azure Blob Storage could not be reached${answer ? ` (${answer})` : ''}: check the endpoint in AZURE_STORAGE_CONNECTION_STRING and the network.`,
  );
}
