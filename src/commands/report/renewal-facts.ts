import { asCodedError } from '../../core/errors';
import type { AdoptionFacts } from '../../core/report/rank-customers';
import { isCommitmentTerm, renewalFacts } from '../../core/subscriptions/renewal';
import type { Logger } from '../../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../../partner-center/partner-center.port';
import { readRenewals, type RenewalReadProgress } from '../../renewals/read-renewals';

/**
 * Renewal dates and unassigned seats per customer, from the subscription side (issue 13's scan). The
 * report works without it; `report renewing within` needs it.
 */
export interface AdoptionFactsSource {
  /** By customer id, lower case: renewals within `days` from today. */
  factsFor(ctx: PartnerCenterCallContext, days: number, onProgress?: (progress: RenewalReadProgress) => void): Promise<ReadonlyMap<string, AdoptionFacts>>;
}

export interface RenewalFactsOptions {
  partnerCenter: PartnerCenter;
  logger: Logger;
  clock: () => Date;
  /** Customer reads at once where the partner-wide subscription scan is not available. */
  concurrency?: number;
}

/**
 * The report's "renewal close" input, from the renewals read (src/renewals: one partner-wide
 * subscription scan, or customer by customer): each customer's nearest renewal of an annual or longer
 * term within the window. Monthly terms roll over every month: counted, they would make every customer
 * look close to renewal (what partners call noise). Unassigned seats are not read here: Partner Center
 * has them per customer only (subscribed SKUs), which would cost a request per customer.
 */
export function renewalFactsSource(options: RenewalFactsOptions): AdoptionFactsSource {
  return {
    async factsFor(ctx: PartnerCenterCallContext, days: number, onProgress?: (progress: RenewalReadProgress) => void) {
      const now = options.clock();
      const read = await readRenewals(
        { partnerCenter: options.partnerCenter, concurrency: options.concurrency ?? 4, logger: options.logger, ...(onProgress ? { onProgress } : {}) },
        now,
        days,
        ctx,
      );
      const facts = new Map<string, AdoptionFacts>();
      for (const subscription of read.subscriptions) {
        const renewal = renewalFacts(subscription, now);
        if (renewal.ended || renewal.trial || renewal.endDate === null || !isCommitmentTerm(renewal.term)) continue;
        const key = renewal.customerId.toLowerCase();
        const known = facts.get(key)?.renewalDate;
        if (known === undefined || renewal.endDate < known) facts.set(key, { renewalDate: renewal.endDate });
      }
      options.logger.debug({ subscriptions: read.subscriptions.length, customers: facts.size, source: read.source }, 'report read renewal dates');
      return facts;
    },
  };
}

/** A renewal read that fails must not cost the user the whole report, only its renewal weighting. */
export async function factsOrNone(source: AdoptionFactsSource, ctx: PartnerCenterCallContext, days: number, log: Logger, onProgress?: (progress: RenewalReadProgress) => void) {
  try {
    return await source.factsFor(ctx, days, onProgress);
  } catch (error) {
    log.info({ code: asCodedError(error).code }, 'report without renewal dates: the renewals read failed');
    return undefined;
  }
}
