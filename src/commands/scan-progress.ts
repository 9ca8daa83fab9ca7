import type { Messages } from '../i18n';
import type { CommercialScanProgress } from '../partner-center/partner-center.port';
import type { ChatTurn } from './chat-turn';

/**
 * The progress a paged Partner Center scan reports, as what the user sees ("Reading Partner Center,
 * page 3 of 8…"): pass it as the scan's `onPage`. The page count follows from the total Partner
 * Center announced and the size of the first page; without a total, the page number alone.
 */
export function scanProgressFor(turn: Pick<ChatTurn, 'progress'>, messages: Messages): (progress: CommercialScanProgress) => void {
  let pageSize = 0;
  return (progress) => {
    if (progress.page === 1) pageSize = progress.rows;
    const pages = progress.totalCount !== undefined && pageSize > 0 ? Math.max(progress.page, Math.ceil(progress.totalCount / pageSize)) : undefined;
    void turn.progress(messages.progress.scanPage(progress.page, pages));
  };
}
