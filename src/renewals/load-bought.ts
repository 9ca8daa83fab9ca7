import type { FunnelView } from '../cards/funnel-section';
import { asCodedError, ErrorCodes, SIGN_IN_CODES } from '../core/errors';
import { buildFunnel } from '../core/subscriptions/funnel';
import type { UsageSummary } from '../core/usage/usage-summary';
import type { SubscribedSkuRecord, SubscriptionRecord } from '../core/subscriptions/subscription';
import type { MissingPart, MissingReason } from '../i18n/renewal-messages';
import type { Logger } from '../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';

/** What a customer bought, as far as this user's access lets us read it. */
export interface BoughtRead {
  /** undefined when it could not be read (see missing). */
  subscriptions?: SubscriptionRecord[];
  skus?: SubscribedSkuRecord[];
  missing: Array<{ part: MissingPart; reason: MissingReason }>;
}

/**
 * A customer's subscriptions and subscribed SKUs, read side by side. Either part may fail on its own
 * (a role that reads one and not the other is common): that part is reported missing and the rest of
 * the answer stands. Only a sign-in problem fails the whole answer, since it fails everything else too.
 */
export async function loadBought(partnerCenter: PartnerCenter, customerId: string, ctx: PartnerCenterCallContext, log: Logger): Promise<BoughtRead> {
  const [subscriptions, skus] = await Promise.all([
    partOrMissing('subscriptions', () => partnerCenter.getCustomerSubscriptions(customerId, ctx), log),
    partOrMissing('skus', () => partnerCenter.getCustomerSubscribedSkus(customerId, ctx), log),
  ]);
  return {
    ...('value' in subscriptions ? { subscriptions: subscriptions.value } : {}),
    ...('value' in skus ? { skus: skus.value } : {}),
    missing: [subscriptions, skus].flatMap((result) => ('missing' in result ? [result.missing] : [])),
  };
}

async function partOrMissing<T>(
  part: MissingPart,
  read: () => Promise<T>,
  log: Logger,
): Promise<{ value: T } | { missing: { part: MissingPart; reason: MissingReason } }> {
  try {
    return { value: await read() };
  } catch (error) {
    const coded = asCodedError(error);
    if (SIGN_IN_CODES.has(coded.code)) throw coded;
    const reason: MissingReason = coded.code === ErrorCodes.PartnerCenterNoAccess ? 'no-access' : 'unavailable';
    log.info({ part, code: coded.code, status: coded.details.status }, 'part of the subscription side could not be read');
    return { missing: { part, reason } };
  }
}

/** The usage card's view of what was bought, next to the customer's measured workloads. */
export function funnelViewOf(summary: UsageSummary, bought: BoughtRead, now: Date): FunnelView {
  const funnel = buildFunnel({
    workloads: [...summary.low, ...summary.healthy, ...summary.unlicensed],
    ...(bought.subscriptions ? { subscriptions: bought.subscriptions } : {}),
    ...(bought.skus ? { skus: bought.skus } : {}),
    now,
  });
  return { funnel, missing: bought.missing };
}
