import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCsv as parse } from '../helpers/csv';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { personalMessage } from '../helpers/activities';
import { actionsOf, cardOf } from '../helpers/cards';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const HOSTILE = '=HYPERLINK("http://evil.example","Fabrikam")';

/** Stands in for the upload URL Teams hands out (the user's OneDrive), on loopback. */
async function startUploadStandIn(status = 201) {
  const uploads: Array<{ method: string; headers: IncomingHttpHeaders; body: Buffer }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      uploads.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/drive/upload`, uploads, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('CSV export through Teams file consent, end to end over HTTP', () => {
  let simulator: RunningSimulator;
  let bot: TestBot;

  beforeAll(async () => {
    const dataset = createSampleDataset();
    simulator = await startPartnerCenterSimulator({
      dataset: { customers: dataset.customers.map((c) => (c.id === SAMPLE_CUSTOMER_IDS.healthy ? { ...c, companyName: HOSTILE } : c)) },
    });
    bot = await startTestBot({ PARTNER_CENTER_BASE_URL: simulator.url });
  });
  afterAll(async () => {
    await bot.close();
    await simulator.close();
  });

  const messagesTo = (chat: string) => bot.connector.to(chat).filter((a) => a.type === 'message');
  async function invoke(chat: string, name: string, value: unknown) {
    const activity = { ...personalMessage('', { serviceUrl: bot.connector.url, conversationId: chat }), type: 'invoke', name, text: undefined, value };
    const response = await bot.send(activity);
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as { type?: string; value?: any }) : undefined };
  }
  /** Clicks the card's Download as CSV and returns the consent card that follows. */
  async function offer(chat: string, card: unknown) {
    const download = actionsOf(card).find((a) => a.verb === 'export.csv')!;
    const answer = await invoke(chat, 'adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'export.csv', data: download.data } });
    expect(answer.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Accept the file below and I will save it to your OneDrive.' });
    const consent = messagesTo(chat).at(-1)!.attachments![0]! as { contentType: string; name?: string; content: any };
    expect(consent.contentType).toBe('application/vnd.microsoft.teams.card.file.consent');
    return consent;
  }
  function accept(chat: string, consent: { name?: string; content: any }, uploadUrl: string) {
    return invoke(chat, 'fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: { name: consent.name, uploadUrl, contentUrl: 'https://contoso-my.sharepoint.com/personal/anna/Documents/report.csv', uniqueId: 'file-1', fileType: 'csv' },
    });
  }

  it('offers the report as a file, uploads it with Content-Range once accepted, shows a file card, and neutralises formulas', async () => {
    const chat = `a:${randomUUID()}`;
    await bot.send(personalMessage('report', { serviceUrl: bot.connector.url, conversationId: chat }));
    const consent = await offer(chat, cardOf(messagesTo(chat).at(-1)!));
    expect(consent.name).toBe('adoption-report.csv');
    // What to export, not the figures: the file is made again on acceptance.
    expect(consent.content.acceptContext).toEqual({ export: 'report', report: 'all', value: '' });
    expect(consent.content.sizeInBytes).toBeGreaterThan(100);

    const upload = await startUploadStandIn();
    try {
      expect((await accept(chat, consent, upload.url)).status).toBe(200);
      expect(upload.uploads).toHaveLength(1);
      const [put] = upload.uploads;
      expect(put!.method).toBe('PUT');
      expect(put!.headers['content-range']).toBe(`bytes 0-${put!.body.length - 1}/${put!.body.length}`);

      const rows = parse(put!.body.toString('utf8').replace(/^\uFEFF/, ''));
      expect(rows[0]).toEqual(['Customer', 'Customer id', 'Product', 'Workload', 'Active licenses', 'Qualified licenses', 'Usage %', 'Status', 'Threshold %', 'Data date', 'Change (points)', 'Since', 'Seats at risk']);
      const northwindYammer = rows.find((row) => row[0] === 'Northwind Traders' && row[3] === 'Yammer')!;
      expect(northwindYammer.slice(1, 10)).toEqual([SAMPLE_CUSTOMER_IDS.severalLow, 'MICROSOFT 365 E3', 'Yammer', '5', '250', '2', 'low', '30', '2026-03-02']);
      // The hostile name reaches the spreadsheet as text, never as a formula.
      const hostile = rows.filter((row) => row[0]!.includes('HYPERLINK'));
      expect(hostile.length).toBeGreaterThan(0);
      for (const row of hostile) expect(row[0]).toBe(`'${HOSTILE}`);
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

      const info = messagesTo(chat).at(-1)!.attachments![0]!;
      expect(info).toMatchObject({ contentType: 'application/vnd.microsoft.teams.card.file.info', name: 'adoption-report.csv', content: { uniqueId: 'file-1', fileType: 'csv' } });
    } finally {
      await upload.close();
    }
  });

  it('exports one customer\'s usage card, and says nothing more when the file is declined', async () => {
    const chat = `a:${randomUUID()}`;
    await bot.send(personalMessage('usage for Northwind', { serviceUrl: bot.connector.url, conversationId: chat }));
    const consent = await offer(chat, cardOf(messagesTo(chat).at(-1)!));
    expect(consent.name).toBe('usage-Northwind Traders.csv');
    expect(consent.content.acceptContext).toEqual({ export: 'usage', customerId: SAMPLE_CUSTOMER_IDS.severalLow });

    const before = messagesTo(chat).length;
    const declined = await invoke(chat, 'fileConsent/invoke', { type: 'fileUpload', action: 'decline', context: consent.content.declineContext });
    expect(declined.status).toBe(200);
    expect(messagesTo(chat)).toHaveLength(before);

    const upload = await startUploadStandIn();
    try {
      await accept(chat, consent, upload.url);
      const rows = parse(upload.uploads[0]!.body.toString('utf8').replace(/^\uFEFF/, ''));
      // Eight workloads of Northwind, low and healthy alike.
      expect(rows.slice(1).map((row) => row[3])).toEqual(expect.arrayContaining(['Yammer', 'Exchange', 'Entra ID']));
      expect(rows).toHaveLength(9);
    } finally {
      await upload.close();
    }
  });

  it('says so when the upload fails, and when the consent names nothing to export', async () => {
    const chat = `a:${randomUUID()}`;
    await bot.send(personalMessage('usage for Northwind', { serviceUrl: bot.connector.url, conversationId: chat }));
    const consent = await offer(chat, cardOf(messagesTo(chat).at(-1)!));
    const failing = await startUploadStandIn(500);
    try {
      expect((await accept(chat, consent, failing.url)).status).toBe(200);
      expect(messagesTo(chat).at(-1)!.text).toBe("I couldn't upload the file to your OneDrive. Please try again.");
    } finally {
      await failing.close();
    }
    const forged = await accept(chat, { name: 'x.csv', content: { acceptContext: { export: 'everything' } } }, 'http://127.0.0.1:9/never');
    expect(forged.status).toBe(200);
    expect(messagesTo(chat).at(-1)!.text).toBe('That download is no longer available. Ask for the card again.');
  });
});
