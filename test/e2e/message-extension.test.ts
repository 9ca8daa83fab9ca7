import { randomUUID } from 'node:crypto';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import type { SimulatedCustomer } from '../../src/simulator/dataset';
import { personalMessage, USER } from '../helpers/activities';
import { validateCard, MAX_CARD_BYTES } from '../helpers/card-validation';
import { textsOf } from '../helpers/cards';
import { startRecordingProxy, type RecordingProxy } from '../helpers/partner-center-proxy';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { startCloudBot, type CloudBot } from '../helpers/cloud/cloud-bot';

interface SearchAnswer {
  status: number;
  bytes: number;
  composeExtension: {
    type: string;
    text?: string;
    attachmentLayout?: string;
    attachments?: Array<{ contentType: string; content: any; preview: { contentType: string; content: { title: string; subtitle?: string; text?: string } } }>;
  };
}

/** A composeExtension/query invoke as Teams sends it from the compose box of a group chat. */
async function search(bot: TestBot, text: string | undefined, options: { locale?: string; commandId?: string; skip?: number } = {}): Promise<SearchAnswer> {
  const base = personalMessage('', { serviceUrl: bot.connector.url, locale: options.locale ?? 'en-US' });
  const parameters = text === undefined ? [{ name: 'initialRun', value: 'true' }] : [{ name: 'customer', value: text }];
  const activity = {
    ...base,
    text: undefined,
    type: 'invoke',
    name: 'composeExtension/query',
    conversation: { id: `19:${randomUUID()}@thread.v2`, conversationType: 'groupChat', tenantId: base.conversation.tenantId },
    value: { commandId: options.commandId ?? 'customerUsage', parameters, queryOptions: { skip: options.skip ?? 0, count: 25 } },
  };
  const response = await bot.send(activity);
  const raw = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(raw), ...(JSON.parse(raw) as { composeExtension: SearchAnswer['composeExtension'] }) };
}

const titles = (answer: SearchAnswer) => (answer.composeExtension.attachments ?? []).map((a) => a.preview.content.title);

describe('the message extension: "Customer usage" search (composeExtension/query)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it('finds a customer by name, shows its domain and lowest workload, and inserts the figure-free shared card', async () => {
    const answer = await search(bot, 'Northwind');
    expect(answer.status).toBe(200);
    expect(answer.composeExtension).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    const [result] = answer.composeExtension.attachments!;
    expect(result!.preview).toEqual({
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: { title: 'Northwind Traders', subtitle: 'northwindtraders.onmicrosoft.com', text: 'Lowest: Yammer 2 %' },
    });
    expect(result!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = result!.content;
    expect(validateCard(card)).toEqual([]);
    expect(textsOf(card)).toContain('License usage: Northwind Traders');
    // No figures for whoever reads the message; the inserter's own view comes by refresh.
    expect(JSON.stringify(card)).not.toMatch(/\d %/);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'usage.refresh', data: { customerId: SAMPLE_CUSTOMER_IDS.severalLow, view: 'low' } },
      userIds: [USER.id],
    });
  });

  it('gives every result in the first answer, and none again when Teams asks for the next page', async () => {
    expect(titles(await search(bot, 'contoso', { skip: 25 }))).toEqual([]);
  });

  it('finds a customer by domain and by id', async () => {
    expect(titles(await search(bot, 'tailspintoys.onmicrosoft.com'))).toEqual(['Tailspin Toys']);
    expect(titles(await search(bot, SAMPLE_CUSTOMER_IDS.contosoLtd))).toEqual(['Contoso Ltd']);
  });

  it('lists every customer a name starts with, the lowest workload only for the first few', async () => {
    const answer = await search(bot, 'contoso');
    expect(titles(answer)).toEqual(expect.arrayContaining(['Contoso Ltd', 'Contoso Pharma']));
    for (const attachment of answer.composeExtension.attachments!) expect(validateCard(attachment.content)).toEqual([]);
  });

  it('answers in Dutch for a Dutch Teams', async () => {
    const answer = await search(bot, 'Northwind', { locale: 'nl-NL' });
    expect(answer.composeExtension.attachments?.[0]?.preview.content.text).toBe('Laagste: Yammer 2 %');
    expect(textsOf(answer.composeExtension.attachments![0]!.content)).toContain('Licentiegebruik: Northwind Traders');
  });

  it('opens (initialRun) with the customers the user asked about lately, the latest first', async () => {
    // The user is shared by every test of this file; their list starts with what they ask here.
    const chat = `a:${randomUUID()}`;
    await bot.send(personalMessage('usage for Fabrikam', { serviceUrl: bot.connector.url, conversationId: chat }));
    await bot.send(personalMessage('usage for DT DEMO CSP CUSTOMER 005', { serviceUrl: bot.connector.url, conversationId: chat }));
    const answer = await search(bot, undefined);
    expect(titles(answer).slice(0, 2)).toEqual(['DT DEMO CSP CUSTOMER 005', 'Fabrikam Inc']);
    expect(answer.composeExtension.attachments?.[0]?.preview.content.subtitle).toBe('dtdemocspcustomer005.onmicrosoft.com');
  });

  it('answers a search with no match with a message, never a 500', async () => {
    const answer = await search(bot, 'Nobody by that name');
    expect(answer).toMatchObject({
      status: 200,
      composeExtension: { type: 'message', text: 'No customer\'s name, domain or id starts with "Nobody by that name". Check the spelling, or try the domain or customer id.' },
    });
  });

  it('answers hostile search text with a message that shows it literally and briefly', async () => {
    const hostile = `[x](https://evil.example) <script>\${x}</script>\u202e${'A'.repeat(5_000)}`;
    const answer = await search(bot, hostile);
    expect(answer.status).toBe(200);
    expect(answer.composeExtension.type).toBe('message');
    expect(answer.composeExtension.text).not.toContain('\u202e');
    expect(answer.composeExtension.text!.length).toBeLessThan(300);
  });

  it('shows a customer whose usage Partner Center refuses without its lowest workload', async () => {
    const answer = await search(bot, 'Lamna');
    expect(answer.composeExtension.attachments?.[0]?.preview.content).toEqual({ title: 'Lamna Healthcare', subtitle: 'lamnahealthcare.onmicrosoft.com' });
  });

  it('answers a command it does not offer with a message', async () => {
    const answer = await search(bot, 'Contoso', { commandId: 'somethingElse' });
    expect(answer).toMatchObject({ status: 200, composeExtension: { type: 'message', text: expect.stringMatching(/not available any more/) } });
  });
});

describe('the message extension when Partner Center misbehaves', () => {
  let simulator: RunningSimulator;
  let proxy: RecordingProxy;
  let mode: 'fail' | 'hold' | 'forward' = 'forward';
  let bot: TestBot;
  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    proxy = await startRecordingProxy(simulator.url, () =>
      // 403 is not retried, so the answer does not depend on how many retries fit in the deadline.
      mode === 'fail' ? { status: 403, body: { code: 403, description: 'denied <b>stack</b> at x.js:1' } } : mode,
    );
    bot = await startTestBot({ PARTNER_CENTER_BASE_URL: proxy.url, REQUEST_DEADLINE_SECONDS: '1' });
  });
  afterAll(async () => {
    await bot.close();
    proxy.release();
    await proxy.close();
    await simulator.close();
  });

  it('opens (initialRun) with a hint to type when the user asked about no customer yet', async () => {
    const answer = await search(bot, undefined);
    expect(answer).toMatchObject({ status: 200, composeExtension: { type: 'message', text: "Type a customer's company name, domain or customer id." } });
  });

  it('answers a Partner Center failure with one sentence and a reference, never its body', async () => {
    mode = 'fail';
    const answer = await search(bot, 'Northwind');
    expect(answer.status).toBe(200);
    expect(answer.composeExtension.type).toBe('message');
    expect(answer.composeExtension.text).toMatch(/^Your Partner Center account can't see this customer's usage analytics\..* \(Reference: [0-9a-f-]{36}\)$/);
    expect(answer.composeExtension.text).not.toMatch(/stack|x\.js/);
  });

  it('answers within its deadline when Partner Center is slower, asking to try again', async () => {
    mode = 'hold';
    proxy.hold();
    const answer = await search(bot, 'Northwind');
    expect(answer).toMatchObject({ status: 200, composeExtension: { type: 'message', text: 'Partner Center is taking a while to answer. Please type again in a moment.' } });
    proxy.release();
    mode = 'forward';
  });
});

describe('the message extension with the worst names Partner Center could send', () => {
  const hostileName = (index: number) =>
    `Evil ${index} [click](https://evil.example) <a href="x">*_${'$'}{x}_*</a> \u202eosla\u202c ${'Ω𝄞<>&[]'.repeat(40)}`.slice(0, 200);
  let simulator: RunningSimulator;
  let bot: TestBot;
  beforeAll(async () => {
    const sample = createSampleDataset();
    const template = sample.customers.find((customer) => customer.id === SAMPLE_CUSTOMER_IDS.manyWorkloads)!;
    const hostile: SimulatedCustomer[] = Array.from({ length: 40 }, (_, index) => {
      const id = `e${String(index).padStart(7, '0')}-0000-4000-8000-000000000000`;
      const rows = template.seedUsage.map((row) => ({ ...row, workloadName: hostileName(index), productName: hostileName(index) }));
      return {
        ...template,
        id,
        tenantId: id,
        companyName: hostileName(index),
        domain: `${'evil-'.repeat(38)}${index}.onmicrosoft.com`.slice(-200),
        seedUsage: rows,
        commercialUsage: template.commercialUsage.map((row) => ({ ...row, workloadName: hostileName(index) })),
      };
    });
    simulator = await startPartnerCenterSimulator({ dataset: { customers: [...sample.customers, ...hostile] } });
    bot = await startTestBot({ PARTNER_CENTER_BASE_URL: simulator.url });
  });
  afterAll(async () => {
    await bot.close();
    await simulator.close();
  });

  it('stays under 28 KB with cards Teams can show, and shows every name literally', async () => {
    const answer = await search(bot, 'Evil');
    expect(answer.status).toBe(200);
    expect(answer.bytes).toBeLessThan(MAX_CARD_BYTES);
    process.stdout.write(`worst-case search answer: ${answer.bytes} bytes, ${answer.composeExtension.attachments?.length} results\n`);
    const attachments = answer.composeExtension.attachments!;
    expect(attachments.length).toBeGreaterThanOrEqual(5);
    expect(attachments.length).toBeLessThanOrEqual(10);
    for (const { content, preview } of attachments) {
      expect(validateCard(content)).toEqual([]);
      const shown = JSON.stringify(preview.content);
      expect(shown).not.toMatch(/<a |\[click\]\(|\u202e|\$\{/);
      expect(preview.content.title.length).toBeLessThanOrEqual(200);
    }
    // The first few carry their lowest workload: a hostile workload name, shown literally.
    expect(attachments[0]!.preview.content.text).toMatch(/^Lowest: Evil 0 /);
  });
});

describe('the message extension in cloud mode: its own sign-in', () => {
  let simulator: RunningSimulator;
  let partnerCenter: RecordingProxy;
  let cloud: CloudBot;
  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    partnerCenter = await startRecordingProxy(simulator.url);
    cloud = await startCloudBot({ PARTNER_CENTER_BASE_URL: partnerCenter.url });
  });
  afterAll(async () => {
    await cloud.close();
    await partnerCenter.close();
    await simulator.close();
  });

  const query = { commandId: 'customerUsage', parameters: [{ name: 'customer', value: 'Fabrikam' }], queryOptions: { skip: 0, count: 25 } };

  it('asks a signed-out user to sign in with an auth result, without calling Partner Center', async () => {
    const anna = cloud.person();
    const calls = partnerCenter.requests.length;
    const response = await anna.invoke('composeExtension/query', query);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { composeExtension: { type: string; suggestedActions: { actions: Array<{ type: string; value: string; title: string }> } } };
    expect(body.composeExtension.type).toBe('auth');
    expect(body.composeExtension.suggestedActions.actions).toEqual([
      { type: 'openUrl', value: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/oauth\/signin\?signin=/), title: 'Sign in to search your customers' },
    ]);
    expect(partnerCenter.requests.length).toBe(calls);
  });

  it('searches as the user with the SSO token Teams sends, exchanged on their behalf', async () => {
    const anna = cloud.person();
    const response = await anna.invoke('composeExtension/query', { ...query, authentication: { token: 'teams-sso-for-the-extension' } });
    const body = (await response.json()) as { composeExtension: { type: string; attachments: Array<{ preview: { content: { title: string } } }> } };
    expect(body.composeExtension.type).toBe('result');
    expect(body.composeExtension.attachments.map((a) => a.preview.content.title)).toEqual(['Fabrikam Inc']);
    const bearer = partnerCenter.requests.at(-1)?.headers.authorization?.replace('Bearer ', '') ?? '';
    expect(cloud.entra.issued(bearer)).toMatchObject({ grant: 'on_behalf_of', assertion: 'teams-sso-for-the-extension' });
  });
});
