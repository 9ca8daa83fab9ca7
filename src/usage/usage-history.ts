import type { CustomerHistory } from '../core/history/usage-history';
import type { UsageSummary } from '../core/usage/usage-summary';

/** Where customers' usage histories live (src/storage/usage-history-store.ts); every usage read records into it. */
export interface UsageHistoryStore {
  /** The customer's history; an empty one when nothing was recorded yet. */
  get(customerId: string): Promise<CustomerHistory>;
  /**
   * Adds the summary's snapshot when its data date is new for the customer and returns the history as
   * it now stands. Never throws: a history that cannot be written must not cost the user the answer.
   */
  record(summary: UsageSummary): Promise<CustomerHistory>;
  /**
   * record(), answering with the newest snapshots only (the two newest at least, once there are two),
   * which one document per customer holds: for a partner-wide read, which asks only what moved lately.
   */
  recordRecent(summary: UsageSummary): Promise<CustomerHistory>;
  /**
   * record() for many customers at once (a scan's page): one storage read for those not cached and one
   * write for those with a new data date, instead of a round trip each. Never throws either.
   */
  recordMany(summaries: readonly UsageSummary[]): Promise<void>;
  /**
   * recordMany() for a partner-wide read that asks what moved lately: answers each customer's recent
   * history (see recordRecent), by customer id in lower case, from the same one read and one write.
   */
  recordManyRecent(summaries: readonly UsageSummary[]): Promise<ReadonlyMap<string, CustomerHistory>>;
}
