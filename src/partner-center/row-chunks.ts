import type { z } from 'zod';
import { CodedError, ErrorCodes } from '../core/errors';
import type { PartnerCenterCallContext } from './partner-center.port';
import type { RowShape } from './row-shape';
import { fieldsOf } from './shape-problem';

/** Rows mapped per chunk: small enough to die young, large enough that a yield per chunk costs nothing. */
export const ROWS_PER_CHUNK = 500;

/**
 * A scanned page's rows, checked against `shape` and mapped a chunk at a time, each row let go once it
 * is mapped (as it came: row-shape.ts). A page of 10,000 mapped records alive at once beside the parsed
 * page would outlive young-generation collections and be promoted, and a scan's memory and CPU would go
 * to the garbage collector; a chunk the consumer is done with is garbage before the next collection. A
 * row of the wrong shape fails the whole read, as a page of the wrong shape does.
 */
export function* validatedChunks<Row, Mapped>(
  rows: unknown[],
  shape: RowShape<Row>,
  map: (row: Row) => Mapped,
  what: string,
  ctx: PartnerCenterCallContext,
): Generator<Mapped[]> {
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    const end = Math.min(rows.length, start + ROWS_PER_CHUNK);
    const chunk: Mapped[] = [];
    for (let index = start; index < end; index++) {
      const row = rows[index];
      rows[index] = undefined;
      if (!shape.accepts(row)) {
        const problem = shape.problem(row);
        // Should zod accept a row its JSON Schema refused, the row is what the schema describes.
        if (problem) throw unexpectedRow(what, index, problem, ctx);
      }
      chunk.push(map(row as Row));
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
