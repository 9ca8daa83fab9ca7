import { ContainerClient, RestError, type StoragePipelineOptions } from '@azure/storage-blob';

/**
 * Retries for every Blob Storage request the bot makes. The SDK's defaults wait seconds between tries
 * and have no per-try timeout; a user's turn has a 25-second deadline and a pass lock a 15–60 second
 * lease, so a few quick tries and a bounded wait serve both better.
 */
export const BLOB_PIPELINE_OPTIONS: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 250, maxRetryDelayInMs: 2_000, tryTimeoutInMs: 10_000 },
};

/** The connection string could not even be parsed (the SDK's reason is not kept: it may quote the string). */
export class MalformedConnectionStringError extends Error {
  override readonly name = 'MalformedConnectionStringError';
}

/**
 * A client for the container, which is created when missing. Throws a MalformedConnectionStringError,
 * or what the SDK throws when the account cannot be reached or refuses (a RestError).
 */
export async function connectBlobContainer(connectionString: string, container: string): Promise<ContainerClient> {
  let client: ContainerClient;
  try {
    client = new ContainerClient(connectionString, container, BLOB_PIPELINE_OPTIONS);
  } catch {
    throw new MalformedConnectionStringError('The Azure Storage connection string could not be parsed.');
  }
  await client.createIfNotExists();
  return client;
}

/** The HTTP status of a Blob Storage answer; undefined for network failures and anything else. */
export function blobStatus(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

/**
 * What may be logged about a Blob Storage failure. The SDK's errors carry the request (its URL holds a
 * SAS token when the connection string has one), so only these fields go to the log.
 */
export function blobErrorSummary(error: unknown): { status?: number; code?: string; message: string } {
  if (error instanceof RestError) {
    return {
      ...(error.statusCode === undefined ? {} : { status: error.statusCode }),
      ...(error.code === undefined ? {} : { code: error.code }),
      // The service's own sentence can run to several lines with request ids; the first says what happened.
      message: error.message.split('\n')[0] ?? '',
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
