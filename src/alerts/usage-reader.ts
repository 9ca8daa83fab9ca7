import { randomUUID } from 'node:crypto';
import type { Subscriber } from '../core/alerts/subscriptions';
import type { CustomerId } from '../core/customers/customer-id';
import { asCodedError, CodedError, ErrorCodes, SIGN_IN_CODES } from '../core/errors';
import type { UsageHistoryStore } from '../usage/usage-history';
import type { PartnerCenterCallContext } from '../partner-center/partner-center.port';
import type { ConversationAddress, SubscriberTokens } from './ports';
import { customersInMemory, CustomerSpool } from './customer-spool';
import { readAllCustomers, readOneCustomer, type CustomersRead, type ReadCustomersOptions } from './read-customers';

/** What reading one subscription's customers came to. */
export type UsageRead =
  | ({ kind: 'read' } & CustomersRead)
  /** The subscriber must sign in again: their subscriptions are paused, not failed. */
  | { kind: 'sign-in'; error: CodedError }
  | { kind: 'failed'; error: CodedError };

/** The reads of one pass. Every read is made once per subscriber, whatever the number of conversations. */
export interface UsageReader {
  allCustomers(subscriber: Subscriber, address: ConversationAddress): Promise<UsageRead>;
  customer(subscriber: Subscriber, address: ConversationAddress, customerId: CustomerId): Promise<UsageRead>;
  /** Removes what the reads spooled to disk; once the pass is done with them. */
  dispose(): Promise<void>;
}

export interface UsageReaderOptions extends ReadCustomersOptions {
  tokens: SubscriberTokens;
  /** Records a scan's customers once they are analysed (see AlertPassDeps.history). */
  history?: Pick<UsageHistoryStore, 'recordMany'>;
  signal?: AbortSignal;
  /** Counts Partner Center requests for the pass's summary. */
  onRequest: () => void;
}

export function createUsageReader(options: UsageReaderOptions): UsageReader {
  // Promises, not results, are kept: two conversations of the same subscriber asking at once share one read.
  const tokens = new Map<string, Promise<string>>();
  const reads = new Map<string, Promise<UsageRead>>();
  const spools: CustomerSpool[] = [];
  const history = options.history;
  const newSpool = async (recordHistory: boolean) => {
    const spool = await CustomerSpool.create(recordHistory && history ? (customers) => history.recordMany(customers) : undefined);
    spools.push(spool);
    return spool;
  };

  function tokenFor(subscriber: Subscriber, address: ConversationAddress): Promise<string> {
    let token = tokens.get(subscriber.userId);
    if (!token) {
      // The first conversation's address serves for the token service; the token is the subscriber's either way.
      token = options.tokens.tokenFor(subscriber, address, randomUUID());
      tokens.set(subscriber.userId, token);
    }
    return token;
  }

  function once(key: string, read: () => Promise<UsageRead>): Promise<UsageRead> {
    let pending = reads.get(key);
    if (!pending) {
      pending = read();
      reads.set(key, pending);
    }
    return pending;
  }

  async function readAs(
    subscriber: Subscriber,
    address: ConversationAddress,
    what: string,
    read: (ctx: PartnerCenterCallContext) => Promise<CustomersRead>,
  ): Promise<UsageRead> {
    const correlationId = randomUUID();
    const log = options.logger.child({ correlationId, read: what });
    let accessToken: string;
    try {
      accessToken = await tokenFor(subscriber, address);
    } catch (error) {
      const coded = asCodedError(error);
      if (SIGN_IN_CODES.has(coded.code)) {
        log.warn({ code: coded.code }, 'Alert subscriber must sign in again');
        return { kind: 'sign-in', error: coded };
      }
      log.warn({ code: coded.code }, 'No Partner Center token for an alert subscriber');
      return { kind: 'failed', error: coded };
    }
    const ctx: PartnerCenterCallContext = {
      accessToken,
      locale: subscriber.locale,
      correlationId,
      onRequest: options.onRequest,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    try {
      const result = await read(ctx);
      if (result.customersRead === 0 && result.failedCustomers > 0) {
        const message = `None of ${result.failedCustomers} customers could be read`;
        const error = new CodedError(ErrorCodes.PartnerCenterUnavailable, message, { correlationId });
        log.warn({ code: error.code, failedCustomers: result.failedCustomers }, 'Alert pass could not read any customer');
        return { kind: 'failed', error };
      }
      log.debug({ customers: result.customersRead, shards: result.customers.shards.length, failedCustomers: result.failedCustomers }, 'Alert pass read usage');
      return { kind: 'read', ...result };
    } catch (error) {
      const coded = asCodedError(error);
      // Partner Center refusing a sign-in without MFA is fixed by signing in again, like an expired one.
      if (coded.code === ErrorCodes.PartnerCenterMfaRequired) return { kind: 'sign-in', error: coded };
      log.warn({ code: coded.code, status: coded.details.status }, 'Alert pass could not read usage');
      return { kind: 'failed', error: coded };
    }
  }

  return {
    allCustomers(subscriber, address) {
      return once(`${subscriber.userId}\u0000*`, () => readAs(subscriber, address, 'all-customers', (ctx) => readAllCustomers(options, ctx, newSpool)));
    },
    customer(subscriber, address, customerId) {
      return once(`${subscriber.userId}\u0000${customerId}`, () =>
        readAs(subscriber, address, 'customer', async (ctx) => ({
          customers: customersInMemory([await readOneCustomer(options, customerId, ctx)]),
          customersRead: 1,
          failedCustomers: 0,
        })),
      );
    },
    async dispose() {
      await Promise.all(spools.splice(0).map((spool) => spool.dispose()));
    },
  };
}
