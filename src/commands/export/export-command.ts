import { z } from 'zod';
import { plainText } from '../../cards/escape-markdown';
import { reportFilterData, reportFilterFrom } from '../../cards/report-filter-data';
import { customerIdSchema } from '../../core/customers/customer-id';
import { reportRows, usageRows, type CsvRow } from '../../core/export/csv-rows';
import { rankCustomers } from '../../core/report/rank-customers';
import { analyseUsage } from '../../core/usage/analyse-usage';
import type { Messages } from '../../i18n';
import { conversationThreshold } from '../../settings/conversation-settings';
import { loadUsage } from '../../usage/load-usage';
import type { CardActionOutcome } from '../card-action-outcome';
import type { ChatTurn } from '../chat-turn';
import { partnerCenterContext } from '../partner-center-context';
import { readForReport, type ReportCommandDeps } from '../report/report-command';
import { csvFile } from './csv-file';

/**
 * What to export, as the button and then the consent card carry it (acceptContext): only enough to
 * read it again, never the figures, so the file holds what Partner Center says when it is made.
 */
const exportRequestSchema = z.union([
  z.object({ export: z.literal('usage'), customerId: customerIdSchema }),
  z.object({ export: z.literal('report'), report: z.string(), value: z.union([z.string(), z.number()]).optional() }),
]);
type ExportRequest = z.output<typeof exportRequestSchema>;

// Names Teams and OneDrive take without complaint; anything else in a customer's name becomes a dash.
const FILE_NAME_UNSAFE = /[^A-Za-z0-9 ._-]+/g;
const MAX_FILE_NAME_LENGTH = 80;

/** "Download as CSV" on a report or usage card: a consent card in personal chat, a pointer to it elsewhere. */
export async function offerExport(turn: ChatTurn, data: unknown, messages: Messages, signal: AbortSignal, deps: ReportCommandDeps): Promise<CardActionOutcome> {
  if (turn.conversationType !== 'personal' || !turn.files) return { kind: 'message', text: messages.export.personalOnly };
  const parsed = exportRequestSchema.safeParse(data);
  if (!parsed.success) return { kind: 'invalid', reason: 'The action names nothing to export.' };
  const request = parsed.data;
  const file = await exportFile(turn, request, messages, signal, deps);
  if (!file) return { kind: 'message', text: messages.export.expired };
  await turn.files.offer({
    name: file.name,
    description: messages.export.consentDescription(file.what),
    sizeInBytes: file.bytes.length,
    acceptContext: request.export === 'usage' ? { export: 'usage', customerId: request.customerId } : request,
  });
  turn.log.info({ export: request.export, bytes: file.bytes.length }, 'file offered');
  return { kind: 'message', text: messages.export.offered };
}

/**
 * The user accepted the file: it is made again from what the consent card carried (from the cache or
 * Partner Center), put where Teams said, and shown in the chat.
 */
export async function acceptExport(turn: ChatTurn, context: unknown, uploadInfo: { name?: string; uploadUrl?: string; contentUrl?: string; uniqueId?: string; fileType?: string }, messages: Messages, signal: AbortSignal, deps: ReportCommandDeps): Promise<void> {
  const parsed = exportRequestSchema.safeParse(context);
  if (!turn.files || !parsed.success || !uploadInfo.uploadUrl || !uploadInfo.contentUrl) {
    turn.log.warn({ parsed: parsed.success }, 'file consent without a usable context or upload info');
    return turn.sendText(messages.export.expired);
  }
  const file = await exportFile(turn, parsed.data, messages, signal, deps);
  if (!file) return turn.sendText(messages.export.expired);
  try {
    await turn.files.upload(uploadInfo.uploadUrl, file.bytes);
  } catch (error) {
    turn.log.warn({ err: error }, 'file upload failed');
    return turn.sendText(messages.export.uploadFailed);
  }
  await turn.files.sendFileInfo({ name: uploadInfo.name ?? file.name, contentUrl: uploadInfo.contentUrl, uniqueId: uploadInfo.uniqueId ?? '', fileType: uploadInfo.fileType ?? 'csv' });
  turn.log.info({ export: parsed.data.export, bytes: file.bytes.length }, 'file uploaded');
}

async function exportFile(turn: ChatTurn, request: ExportRequest, messages: Messages, signal: AbortSignal, deps: ReportCommandDeps): Promise<{ name: string; what: string; bytes: Buffer } | undefined> {
  const ctx = await partnerCenterContext(turn, signal, deps);
  const threshold = await conversationThreshold(turn, deps);
  let rows: CsvRow[];
  let name: string;
  let what: string;
  if (request.export === 'usage') {
    const customer = await deps.partnerCenter.getCustomer(request.customerId, ctx);
    if (!customer) return undefined;
    const records = await loadUsage(deps.partnerCenter, deps.usageApi, customer, ctx);
    const summary = analyseUsage({ customerId: customer.id, customerName: customer.companyName, records, threshold });
    rows = usageRows(summary, await deps.history?.record(summary));
    name = messages.export.usageFileName(customer.companyName);
    // The consent card's description is plain text, not markdown.
    what = plainText(customer.companyName, { maxLength: 120 });
  } else {
    const filter = reportFilterFrom(request);
    if (!filter) return undefined;
    const read = await readForReport(turn, messages, ctx, deps);
    const report = rankCustomers({ customers: read.customers, threshold, filter, drops: read.drops, now: (deps.clock ?? (() => new Date()))(), limit: 0 });
    rows = reportRows(report, read.customers);
    name = messages.export.reportFileName;
    what = messages.report.title(filter);
  }
  const safeName = name.replace(FILE_NAME_UNSAFE, '-').slice(0, MAX_FILE_NAME_LENGTH).replace(/^[-. ]+|[-. ]+$/g, '') || 'export';
  return { name: `${safeName}.csv`, what, bytes: csvFile(rows, messages) };
}

/** The button's data for a report (the same strings the report card's other buttons carry). */
export function reportExportData(filter: Parameters<typeof reportFilterData>[0]) {
  const { filterKind, filterValue } = reportFilterData(filter);
  return { export: 'report', report: filterKind, value: filterValue };
}
