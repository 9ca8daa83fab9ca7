import type { z } from 'zod';
import { CodedError, ErrorCodes } from '../core/errors';
import type { PartnerCenterCallContext } from './partner-center.port';
import { fieldsOf } from './shape-problem';

/** Rows mapped per chunk: small enough to die young, large enough that a yield per chunk costs nothing. */
export const ROWS_PER_CHUNK = 500;

/**
 * A scanned page's rows, validated by `schema` and mapped a chunk at a time, each row let go once it is
 * mapped. A page of 10,000 validated copies alive at once beside the parsed page would outlive
 * young-generation collections and be promoted, and a scan's memory and CPU would go to the garbage
 * collector; a chunk the consumer is done with is garbage before the next collection. A row of the wrong
 * shape fails the whole read, as a page of the wrong shape does.
 */
export function* validatedChunks<Schema extends z.ZodType, Mapped>(
  rows: unknown[],
  schema: Schema,
  map: (row: z.output<Schema>) => Mapped,
  what: string,
  ctx: PartnerCenterCallContext,
): Generator<Mapped[]> {
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    const end = Math.min(rows.length, start + ROWS_PER_CHUNK);
    const chunk: Mapped[] = [];
    for (let index = start; index < end; index++) {
      const parsed = schema.safeParse(rows[index]);
      rows[index] = undefined;
      if (!parsed.success) throw unexpectedRow(what, index, parsed.error, ctx);
      chunk.push(map(parsed.data));
    }
    yield chunk;
  }
}

/** As the transport words an answer of the wrong shape, with the row's place in the page. */
function unexpectedRow(what: string, index: number, error: z.ZodError, ctx: PartnerCenterCallContext): CodedError {
  return new CodedError(ErrorCodes.PartnerCenterUnexpectedResponse, `A ${what} row has an unexpected shape at ${fieldsOf(error, ['Value', index])}`, {
    correlationId: ctx.correlationId,
  });
}
