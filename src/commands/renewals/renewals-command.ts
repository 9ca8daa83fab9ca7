import type { AdaptiveCard } from '../../cards/adaptive-card';
import { buildRenewalsCard, buildSharedRenewalsCard } from '../../cards/renewals-card';
import { MAX_REFRESH_USERS } from '../../cards/user-specific';
import { rankRenewals } from '../../core/subscriptions/rank-renewals';
import type { Messages } from '../../i18n';
import { readRenewals } from '../../renewals/read-renewals';
import { renewalCandidates } from '../../renewals/renewal-candidates';
import { isShared, type ChatTurn } from '../chat-turn';
import { conversationThreshold } from '../../settings/conversation-settings';
import { partnerCenterContext } from '../partner-center-context';
import type { UsageCommandDeps } from '../usage/usage-command';

/** Partner Center reads at once while a renewals answer reads customers one by one. */
const READ_CONCURRENCY = 4;
/** Renewing customers whose seats and usage one answer reads; the rest are ranked on the scan alone. */
const MAX_DETAILED_CUSTOMERS = 60;

/**
 * `renewals [within n days]`. In a personal chat: the user's renewals, riskiest first. In a channel or
 * group chat: a card without figures that Teams refreshes for each member with their own access.
 */
export async function handleRenewalsCommand(
  turn: ChatTurn,
  withinDays: number,
  messages: Messages,
  signal: AbortSignal,
  deps: UsageCommandDeps,
): Promise<void> {
  if (isShared(turn)) return turn.sendCard(buildSharedRenewalsCard(withinDays, messages, await turn.memberIds(MAX_REFRESH_USERS)));
  return turn.sendCard(await answerRenewals(turn, withinDays, messages, signal, deps));
}

/** The renewals card read with the asking user's own access; also what a card's refresh shows. */
export async function answerRenewals(
  turn: ChatTurn,
  withinDays: number,
  messages: Messages,
  signal: AbortSignal,
  deps: UsageCommandDeps,
): Promise<AdaptiveCard> {
  const ctx = await partnerCenterContext(turn, signal, deps);
  const now = (deps.clock ?? (() => new Date()))();
  const text = messages.renewals;
  // Progress is a courtesy (ChatTurn.progress never throws); it is not awaited between pages.
  const say = (line: string) => void turn.progress(line);

  const read = await readRenewals(
    {
      partnerCenter: deps.partnerCenter,
      concurrency: READ_CONCURRENCY,
      logger: turn.log,
      onProgress: (progress) => say(progress.kind === 'page' ? text.progressPage(progress.page, progress.pages) : text.progressCustomers(progress.done, progress.total)),
    },
    now,
    withinDays,
    ctx,
  );
  const { candidates, partialCustomers } = await renewalCandidates(
    read.subscriptions,
    now,
    {
      partnerCenter: deps.partnerCenter,
      usageApi: deps.usageApi,
      concurrency: READ_CONCURRENCY,
      logger: turn.log,
      maxCustomers: MAX_DETAILED_CUSTOMERS,
      onProgress: (done, total) => {
        if (total > 0 && done < total) say(text.progressDetails(done + 1, total));
      },
    },
    ctx,
  );
  const threshold = await conversationThreshold(turn, deps);
  const ranked = rankRenewals(candidates, { withinDays, threshold });
  turn.log.info(
    { source: read.source, subscriptions: read.subscriptions.length, ranked: ranked.length, failedCustomers: read.failedCustomers, partialCustomers },
    'renewals answered',
  );
  return buildRenewalsCard({ ranked, withinDays, partialCustomers: partialCustomers + read.failedCustomers }, messages);
}
