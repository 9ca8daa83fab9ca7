import type { AdaptiveCard } from '../../cards/adaptive-card';
import { buildReportCard, buildSharedReportCard, shownFilter } from '../../cards/report-card';
import { MAX_REFRESH_USERS } from '../../cards/user-specific';
import { biggestDrop, type CustomerDrop } from '../../core/history/usage-history';
import { rankCustomers, type AdoptionReport } from '../../core/report/rank-customers';
import type { ReportFilter } from '../../core/report/report-filter';
import type { Messages } from '../../i18n';
import type { PartnerCenterCallContext } from '../../partner-center/partner-center.port';
import { isShared, userKeyOf, type ChatTurn } from '../chat-turn';
import { conversationThreshold } from '../../settings/conversation-settings';
import { partnerCenterContext } from '../partner-center-context';
import type { UsageHistoryStore } from '../../usage/usage-history';
import type { UsageSummary } from '../../core/usage/usage-summary';
import type { UsageCommandDeps } from '../usage/usage-command';
import { sharedStrings } from '../../core/shared-strings';
import { customerUsageOf, readAllUsage, type ReadProgress } from './read-all-usage';
import type { ReportCache, ReportRead } from './report-cache';
import { factsOrNone, type AdoptionFactsSource } from './renewal-facts';
import type { RenewalReadProgress } from '../../renewals/read-renewals';

/** How far ahead a renewal counts as close for the ranking (it weighs most within 30 days, then 90). */
const RENEWAL_WINDOW_DAYS = 90;

export interface ReportCommandDeps extends UsageCommandDeps {
  history?: UsageHistoryStore;
  reportCache?: ReportCache;
  adoptionFacts?: AdoptionFactsSource;
  /** Today, for renewal windows; the system clock unless a test injects one. */
  clock?: () => Date;
  /**
   * Runs the partner-wide read, a page of rows at a time for every customer, with the process's setting
   * for bulk work (src/server/v8-tuning.ts, as the alert pass runs); injected by the composition
   * root so that commands do not depend on the server.
   */
  bulkWork?: <T>(work: () => Promise<T>) => Promise<T>;
}

export type ReportAnswer = { kind: 'card'; card: AdaptiveCard; report: AdoptionReport } | { kind: 'text'; text: string };

/** `report …` typed in chat. In a channel or group chat everyone gets their own report through the card's refresh. */
export async function handleReportCommand(turn: ChatTurn, filter: ReportFilter, messages: Messages, signal: AbortSignal, deps: ReportCommandDeps): Promise<void> {
  if (isShared(turn)) {
    return turn.sendCard(buildSharedReportCard(filter, messages, await turn.memberIds(MAX_REFRESH_USERS)));
  }
  const answer = await answerReport(turn, filter, messages, signal, deps);
  return answer.kind === 'text' ? turn.sendText(answer.text) : turn.sendCard(answer.card);
}

/** The asking user's report, with their own Partner Center access. Shared by the command and the card's refresh. */
export async function answerReport(turn: ChatTurn, filter: ReportFilter, messages: Messages, signal: AbortSignal, deps: ReportCommandDeps): Promise<ReportAnswer> {
  if (filter.kind === 'renewing' && !deps.adoptionFacts) return { kind: 'text', text: messages.report.renewalsUnavailable };
  const ctx = await partnerCenterContext(turn, signal, deps);
  const read = await readForReport(turn, messages, ctx, deps);
  // `renewing within` needs the dates, so a failure there is the user's answer; elsewhere they only weigh.
  const days = filter.kind === 'renewing' ? filter.days : RENEWAL_WINDOW_DAYS;
  const onProgress = (progress: RenewalReadProgress) => void turn.progress(progressText(progress, messages));
  const facts = !deps.adoptionFacts
    ? undefined
    : filter.kind === 'renewing'
      ? await deps.adoptionFacts.factsFor(ctx, days, onProgress)
      : await factsOrNone(deps.adoptionFacts, ctx, days, turn.log, onProgress);
  const report = rankCustomers({
    customers: read.customers,
    threshold: await conversationThreshold(turn, deps),
    filter,
    drops: read.drops,
    now: (deps.clock ?? (() => new Date()))(),
    ...(facts ? { facts } : {}),
  });
  turn.log.info({ filter: filter.kind, scanned: report.scanned, matched: report.matched }, 'report answered');
  if (report.lines.length === 0) return { kind: 'text', text: messages.report.empty(shownFilter(filter), report.scanned) };
  return { kind: 'card', card: buildReportCard(report, messages, { canExport: true }), report };
}

/** The person's partner-wide read: from the cache, else one scan with progress, recorded into the history. */
export async function readForReport(
  turn: Pick<ChatTurn, 'user' | 'log' | 'progress'>,
  messages: Messages,
  ctx: PartnerCenterCallContext,
  deps: Pick<ReportCommandDeps, 'partnerCenter' | 'usageApi' | 'history' | 'reportCache' | 'bulkWork'>,
): Promise<ReportRead> {
  const key = userKeyOf(turn);
  const cached = deps.reportCache?.get(key);
  if (cached) return cached;

  const shown: Array<Promise<void>> = [];
  const read: ReportRead = { customers: [], drops: new Map() };
  // Parsed shard by shard from the spool, each customer's rows bring their own copies of the names.
  const shared = sharedStrings();
  // Batch by batch: each batch's summaries are recorded into the history and kept as the report ranks
  // them, then let go.
  const bulkWork = deps.bulkWork ?? ((work) => work());
  await bulkWork(() =>
    readAllUsage(
      {
        partnerCenter: deps.partnerCenter,
        usageApi: deps.usageApi,
        logger: turn.log,
        onProgress: (progress) => shown.push(turn.progress(progressText(progress, messages))),
      },
      ctx,
      async (summaries) => {
        await recordHistories(summaries, deps.history, read.drops);
        for (const summary of summaries) read.customers.push(customerUsageOf(summary, shared));
      },
    ),
  );
  // Progress lines must reach Teams before the answer does.
  await Promise.all(shown);
  turn.log.debug({ customers: read.customers.length, drops: read.drops.size }, 'report read every customer and recorded their history');
  deps.reportCache?.set(key, read);
  return read;
}

/** Every customer read is a usage read: its snapshot is recorded, a batch at a time; what came back gives the drops. */
async function recordHistories(summaries: readonly UsageSummary[], history: UsageHistoryStore | undefined, drops: Map<string, CustomerDrop>): Promise<void> {
  if (!history) return;
  // The drop compares the two newest data dates: the recent part of each history is enough.
  for (const [id, recent] of await history.recordManyRecent(summaries)) {
    const drop = biggestDrop(recent);
    if (drop) drops.set(id, drop);
  }
}

function progressText(progress: ReadProgress | RenewalReadProgress, messages: Messages): string {
  return progress.kind === 'page' ? messages.report.progressPage(progress.page, progress.pages) : messages.report.progressCustomers(progress.done, progress.total);
}
