import { mapWithConcurrency } from '../alerts/bounded-concurrency';
import { asCodedError, CodedError, ErrorCodes } from '../core/errors';
import { dayAfter } from '../core/subscriptions/renewal';
import type { SubscriptionRecord } from '../core/subscriptions/subscription';
import type { Logger } from '../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';

/** How far a renewal read has come, for `ChatTurn.progress` and logs. */
export type RenewalReadProgress =
  | { kind: 'page'; page: number; pages?: number }
  | { kind: 'customers'; done: number; total: number };

export interface ReadRenewalsOptions {
  partnerCenter: PartnerCenter;
  /** Customer reads at once in the fallback. */
  concurrency: number;
  logger: Logger;
  /** Rows per page of the partner-wide scan; the client's default (10 000) unless told. */
  pageSize?: number;
  onProgress?: (progress: RenewalReadProgress) => void;
}

export interface RenewalsRead {
  /** Subscriptions whose term ends in the window, as Partner Center listed them. */
  subscriptions: SubscriptionRecord[];
  /** `partner-wide`: one paged scan; `per-customer`: customers listed and read one by one. */
  source: 'partner-wide' | 'per-customer';
  /** Customers whose subscriptions could not be read (fallback only): left out. */
  failedCustomers: number;
}

/** Progress is reported about this often while customers are read one by one. */
const CUSTOMER_PROGRESS_STEP = 25;

/**
 * Every subscription of the user's customers whose term ends within `days` from today. The
 * partner-wide analytics scan costs a request per page; where this user cannot use it (404 or 403),
 * customers are listed and their subscriptions read with bounded concurrency, as the alert pass reads
 * usage.
 */
export async function readRenewals(options: ReadRenewalsOptions, now: Date, days: number, ctx: PartnerCenterCallContext): Promise<RenewalsRead> {
  const subscriptions: SubscriptionRecord[] = [];
  const read = await streamRenewals(options, now, days, ctx, (found) => {
    for (const subscription of found) subscriptions.push(subscription);
  });
  return { subscriptions, ...read };
}

/** Where streamRenewals hands what it found: awaited before the next request (back-pressure). */
export type RenewalSink = (subscriptions: SubscriptionRecord[]) => void | Promise<void>;

/** The days a renewal's term may end on, `YYYY-MM-DD`, both included. */
interface EndWindow {
  endsFrom: string;
  endsUntil: string;
}

/**
 * readRenewals without holding what it found: `sink` is given each page's (or customer's)
 * subscriptions in the window as they come. The alert pass spools them per state shard this way.
 */
export async function streamRenewals(
  options: ReadRenewalsOptions,
  now: Date,
  days: number,
  ctx: PartnerCenterCallContext,
  sink: RenewalSink,
): Promise<Omit<RenewalsRead, 'subscriptions'>> {
  const window: EndWindow = { endsFrom: dayAfter(now, 0), endsUntil: dayAfter(now, days) };
  try {
    const scan = options.partnerCenter.scanSubscriptionRenewals(ctx, {
      ...window,
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
      onPage: ({ page, totalCount }) => {
        const pages = totalCount === undefined ? undefined : Math.max(1, Math.ceil(totalCount / (options.pageSize ?? 10_000)));
        options.onProgress?.({ kind: 'page', page, ...(pages === undefined ? {} : { pages }) });
      },
    });
    for await (const page of scan) await sink(page.filter((subscription) => inWindow(subscription, window)));
    return { source: 'partner-wide', failedCustomers: 0 };
  } catch (error) {
    const coded = asCodedError(error);
    if (coded.code !== ErrorCodes.PartnerCenterNotFound && coded.code !== ErrorCodes.PartnerCenterNoAccess) throw coded;
    options.logger.info({ correlationId: ctx.correlationId, code: coded.code }, 'Partner-wide subscription scan not available; reading customers one by one');
  }
  return readCustomerByCustomer(options, window, ctx, sink);
}

async function readCustomerByCustomer(options: ReadRenewalsOptions, window: EndWindow, ctx: PartnerCenterCallContext, sink: RenewalSink): Promise<Omit<RenewalsRead, 'subscriptions'>> {
  const customers = await options.partnerCenter.listCustomers(ctx);
  let failedCustomers = 0;
  let done = 0;
  options.onProgress?.({ kind: 'customers', done, total: customers.length });
  await mapWithConcurrency(
    customers,
    options.concurrency,
    async (customer) => {
      try {
        const all = await options.partnerCenter.getCustomerSubscriptions(customer.id, ctx);
        await sink(all.filter((s) => inWindow(s, window)).map((s) => ({ ...s, customerName: s.customerName ?? customer.companyName })));
      } catch (error) {
        const coded = asCodedError(error);
        // Sign-in problems are the user's answer, not one customer's: they stop the read.
        if (coded.code === ErrorCodes.PartnerCenterMfaRequired) throw coded;
        failedCustomers += 1;
        options.logger.debug({ code: coded.code, status: coded.details.status, correlationId: ctx.correlationId }, 'Could not read a customer\'s subscriptions');
      } finally {
        done += 1;
        if (done % CUSTOMER_PROGRESS_STEP === 0) options.onProgress?.({ kind: 'customers', done, total: customers.length });
      }
    },
    ctx.signal,
  );
  if (ctx.signal?.aborted) {
    throw new CodedError(ErrorCodes.DeadlineExceeded, 'Reading subscriptions was cut off by the deadline', { correlationId: ctx.correlationId });
  }
  if (customers.length > 0 && failedCustomers === customers.length) {
    throw new CodedError(ErrorCodes.PartnerCenterNoAccess, `None of ${customers.length} customers' subscriptions could be read`, { correlationId: ctx.correlationId });
  }
  return { source: 'per-customer', failedCustomers };
}

/** The filter is Partner Center's; checked again here, since its date format is unconfirmed. */
function inWindow(subscription: SubscriptionRecord, { endsFrom, endsUntil }: EndWindow): boolean {
  const day = subscription.commitmentEndDate?.slice(0, 10);
  return day !== undefined && day >= endsFrom && day <= endsUntil;
}
