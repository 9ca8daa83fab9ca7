import { CodedError } from '../../../../src/core/errors';

/** A document as storage hands it back: JSON, with the eTag the storage adapter adds. */
export function asStored(document: object, eTag: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ ...document, eTag })) as Record<string, unknown>;
}

/** The CodedError with which `read` refuses a stored document; anything else fails the test. */
export function refusalOf(read: () => unknown): CodedError {
  try {
    read();
  } catch (error) {
    if (error instanceof CodedError) return error;
    throw error;
  }
  throw new Error('expected the stored document to be refused');
}
