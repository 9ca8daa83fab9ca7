import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { customerIdSchema } from '../core/customers/customer-id';
import { MAX_RECENT_CUSTOMERS, withRecent, type RecentCustomer, type RecentCustomers } from '../commands/recent-customers';

const documentSchema = z.object({
  customers: z
    .array(z.object({ id: z.string().max(100).pipe(customerIdSchema), companyName: z.string().max(1000), domain: z.string().max(1000).optional() }))
    .max(MAX_RECENT_CUSTOMERS * 2),
});

export const recentCustomersKeyOf = (userKey: string): string => `recent-customers/${encodeURIComponent(userKey)}`;

/**
 * Recently asked customers in botbuilder storage, one small document per person. The last writer wins:
 * two answers at the same moment may lose one entry of a convenience list, never anything else.
 */
export function recentCustomerStore(storage: Storage): RecentCustomers {
  async function read(userKey: string): Promise<RecentCustomer[]> {
    const key = recentCustomersKeyOf(userKey);
    const parsed = documentSchema.safeParse((await storage.read([key]))[key]);
    // A document of another shape is a convenience lost, not a failure: start the list afresh.
    return parsed.success ? parsed.data.customers.slice(0, MAX_RECENT_CUSTOMERS) : [];
  }
  return {
    async remember(userKey, customer) {
      const current = await read(userKey);
      const next = withRecent(current, customer);
      if (JSON.stringify(next) === JSON.stringify(current)) return;
      await storage.write({ [recentCustomersKeyOf(userKey)]: { customers: next, eTag: '*' } });
    },
    list: read,
    async forget(userKey) {
      await storage.delete([recentCustomersKeyOf(userKey)]);
    },
  };
}
