import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { ContinuationTokens, SearchState } from './continuation-tokens';
import { SEARCH_FIELDS, searchCustomers, type DatasetIndex } from './dataset-index';
import { parseCount } from './query-params';
import { customerResource, json, pcError, type Reply } from './replies';

/** GET /v1/customers: the customer list, filtered by a name or domain prefix and paged by token. */

const CUSTOMER_PAGE_SIZE = 500;

const customerFilterSchema = z.object({
  Field: z.enum(SEARCH_FIELDS),
  Value: z.string(),
  Operator: z.literal('starts_with'),
});

function parseCustomerFilter(raw: string | null): SearchState | undefined {
  if (raw === null || raw.trim() === '') return { field: null, prefix: '', offset: 0 };
  try {
    const parsed = customerFilterSchema.safeParse(JSON.parse(raw));
    return parsed.success ? { field: parsed.data.Field, prefix: parsed.data.Value, offset: 0 } : undefined;
  } catch {
    return undefined;
  }
}

export function listCustomers(req: IncomingMessage, url: URL, index: DatasetIndex, tokens: ContinuationTokens): Reply {
  const size = parseCount(url.searchParams.get('size'), CUSTOMER_PAGE_SIZE, 1, CUSTOMER_PAGE_SIZE);
  if (size === undefined) return pcError(400, 400, 'The size parameter must be a whole number from 1.', true);

  const header = req.headers['ms-continuationtoken'];
  const tokenHeader = Array.isArray(header) ? header[0] : header;
  const wantsNext = url.searchParams.get('seekOperation')?.toLowerCase() === 'next';
  let state: SearchState | undefined;
  if (wantsNext || tokenHeader !== undefined) {
    state = tokens.read(tokenHeader);
    if (!state) return pcError(400, 400, 'The MS-ContinuationToken header is missing or not valid.', true);
  } else {
    state = parseCustomerFilter(url.searchParams.get('filter'));
    if (!state) return pcError(400, 400, 'The filter is not valid. Use Field CompanyName or Domain with Operator starts_with.', true);
  }

  const matches = searchCustomers(index, state.field, state.prefix);
  const page = matches.slice(state.offset, state.offset + size);
  const nextOffset = state.offset + page.length;
  const links: Record<string, unknown> = { self: { uri: `${url.pathname}${url.search}`, method: 'GET', headers: [] } };
  if (nextOffset < matches.length) {
    links.next = {
      uri: `/v1/customers?size=${size}&seekOperation=Next`,
      method: 'GET',
      headers: [{ key: 'MS-ContinuationToken', value: tokens.issue({ ...state, offset: nextOffset }) }],
    };
  }
  // Like Partner Center's seek-based collections, totalCount counts the items of this page.
  return json(
    200,
    {
      totalCount: page.length,
      items: page.map((entry) => customerResource(entry.customer)),
      links,
      attributes: { objectType: 'Collection' },
    },
    true,
  );
}
