import { randomUUID } from 'node:crypto';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { personalMessage } from '../helpers/activities';
import { cardOf, textsOf } from '../helpers/cards';
import { CLOUD_BOT, oauthCardIn, startCloudBot, type CloudBot } from '../helpers/cloud/cloud-bot';
import { startRecordingProxy, type RecordingProxy } from '../helpers/partner-center-proxy';

const { id: BOT_ID, secret: BOT_SECRET, connection: CONNECTION } = CLOUD_BOT;

describe('cloud mode: Teams SSO and on-behalf-of Partner Center access, over HTTP', () => {
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

  it('asks a signed-out user to sign in, then answers what they asked once Teams exchanged the token', async () => {
    const anna = cloud.person();
    const partnerCenterCalls = partnerCenter.requests.length;

    expect((await anna.say('usage for Fabrikam')).status).toBe(200);
    const signIn = oauthCardIn(anna.received());
    expect(signIn).toMatchObject({ connectionName: CONNECTION, tokenExchangeResource: { uri: `api://botid-${BOT_ID}` } });
    expect(partnerCenter.requests.length).toBe(partnerCenterCalls);

    cloud.tokenService.acceptExchange('teams-sso-anna', 'bot-token-anna');
    const exchange = await anna.invoke('signin/tokenExchange', { id: 'exchange-anna', connectionName: CONNECTION, token: 'teams-sso-anna' });
    expect(exchange.status).toBe(200);

    // The replayed command runs after the invoke was answered (turn-hand-off.test.ts: the invoke answers at once).
    const [answer] = await anna.arriving(1);
    expect(textsOf(cardOf(answer!)).join('\n')).toContain('License usage: Fabrikam Inc');
    // Partner Center was called with a token Entra issued on Anna's behalf, for her sign-in.
    const bearer = partnerCenter.requests.at(-1)?.headers.authorization?.replace('Bearer ', '') ?? '';
    expect(cloud.entra.issued(bearer)).toMatchObject({ grant: 'on_behalf_of', assertion: 'bot-token-anna' });
    expect(cloud.entra.issued(bearer)?.scopes).toContain('https://api.partnercenter.microsoft.com/user_impersonation');

    // The same exchange from Anna's second Teams client is acknowledged and does nothing more.
    const duplicate = await anna.invoke('signin/tokenExchange', { id: 'exchange-anna', connectionName: CONNECTION, token: 'teams-sso-anna' });
    expect(duplicate.status).toBe(200);
    expect(anna.received()).toEqual([]);

    // Her next question reuses the cached Partner Center token.
    const exchanges = cloud.entra.onBehalfOfCalls;
    await anna.say('usage for Northwind');
    expect(textsOf(cardOf(anna.received()[0]!)).join('\n')).toContain('Northwind Traders');
    expect(cloud.entra.onBehalfOfCalls).toBe(exchanges);
  });

  it("asks a signed-out user's export button for a sign-in, and answers nothing in its place once signed in", async () => {
    const kim = cloud.person();
    const clicked = await kim.invoke('adaptiveCard/action', {
      action: { type: 'Action.Execute', verb: 'export.csv', data: { export: 'usage', customerId: SAMPLE_CUSTOMER_IDS.healthy } },
    });
    expect(clicked.status).toBe(200);
    expect(((await clicked.json()) as { value: string }).value).toBe('Please sign in first, so I can read Partner Center as you.');
    expect(oauthCardIn(kim.received())).toBeDefined();

    cloud.tokenService.acceptExchange('teams-sso-kim', 'bot-token-kim');
    const exchange = await kim.invoke('signin/tokenExchange', { id: 'exchange-kim', connectionName: CONNECTION, token: 'teams-sso-kim' });
    expect(exchange.status).toBe(200);
    // Nothing is replayed: a question afterwards gets its own answer first, not a help card.
    await kim.say('usage for Fabrikam');
    const [first, ...rest] = await kim.arriving(1);
    expect(rest).toEqual([]);
    expect(textsOf(cardOf(first!)).join('\n')).toContain('License usage: Fabrikam Inc');
  });

  it('answers the sign-in invoke at once and runs the waiting command after it, however slow Partner Center is', async () => {
    const jay = cloud.person();
    await jay.say('usage for Fabrikam');
    expect(oauthCardIn(jay.received())).toBeDefined();
    cloud.tokenService.acceptExchange('teams-sso-jay', 'bot-token-jay');

    partnerCenter.hold();
    try {
      const before = partnerCenter.requests.length;
      const exchange = await jay.invoke('signin/tokenExchange', { id: 'exchange-jay', connectionName: CONNECTION, token: 'teams-sso-jay' });
      expect(exchange.status).toBe(200);
      // The invoke was answered while the replayed command still waits for Partner Center.
      await partnerCenter.received(before + 1);
      expect(jay.received()).toEqual([]);
    } finally {
      partnerCenter.release();
    }
    expect(textsOf(cardOf((await jay.arriving(1))[0]!)).join('\n')).toContain('License usage: Fabrikam Inc');
  });

  it('answers 412 when Teams sends a token that cannot be exchanged, so Teams shows the sign-in button', async () => {
    const ben = cloud.person();
    await ben.say('usage for Fabrikam');
    ben.received();
    const response = await ben.invoke('signin/tokenExchange', { id: 'exchange-ben', connectionName: CONNECTION, token: 'not-exchangeable' });
    expect(response.status).toBe(412);
    expect(ben.received()).toEqual([]);
  });

  it('completes a manual sign-in with the magic code and runs the waiting command', async () => {
    const chris = cloud.person();
    await chris.say('usage for Tailspin');
    expect(oauthCardIn(chris.received())).toBeDefined();

    const wrong = await chris.invoke('signin/verifyState', { state: '000000' });
    expect(wrong.status).toBe(200);
    expect(chris.received().map((a) => a.text)).toEqual(["That sign-in didn't complete. Please try again."]);

    const code = cloud.tokenService.issueMagicCode(chris.id, 'bot-token-chris');
    expect((await chris.invoke('signin/verifyState', { state: code })).status).toBe(200);
    expect(textsOf(cardOf((await chris.arriving(1))[0]!)).join('\n')).toContain('License usage: Tailspin Toys');
  });

  it.each([
    ['consent_required', /^Partner Center access needs your consent/],
    ['mfa_required', /^Your organization needs you to sign in again \(for example with multi-factor authentication\)/],
    ['conditional_access', /^Your organization needs you to sign in again/],
  ] as const)('explains %s in one sentence and offers the sign-in button, without calling Partner Center', async (outcome, sentence) => {
    const dana = cloud.person();
    cloud.tokenService.giveToken(dana.id, CONNECTION, `bot-token-${outcome}`);
    cloud.entra.onBehalfOf(`bot-token-${outcome}`, outcome);
    const partnerCenterCalls = partnerCenter.requests.length;

    await dana.say('usage for Fabrikam');
    const sent = dana.received();
    expect(sent[0]?.text).toMatch(sentence);
    expect(oauthCardIn(sent)).toBeDefined();
    expect(partnerCenter.requests.length).toBe(partnerCenterCalls);
  });

  it('drops an expired sign-in from the token service and asks for a fresh one', async () => {
    const eve = cloud.person();
    cloud.tokenService.giveToken(eve.id, CONNECTION, 'bot-token-eve');
    cloud.entra.onBehalfOf('bot-token-eve', 'assertion_expired');

    await eve.say('usage for Fabrikam');
    const sent = eve.received();
    expect(sent[0]?.text).toBe('Your sign-in has expired. Please sign in again.');
    expect(oauthCardIn(sent)).toBeDefined();
    expect(cloud.tokenService.signOuts).toContainEqual(expect.objectContaining({ userId: eve.id }));
  });

  it('does not loop: a command replayed after sign-in that still needs consent is not replayed again', async () => {
    const finn = cloud.person();
    await finn.say('usage for Fabrikam');
    finn.received();
    cloud.tokenService.acceptExchange('teams-sso-finn', 'bot-token-finn');
    cloud.entra.onBehalfOf('bot-token-finn', 'consent_required');

    await finn.invoke('signin/tokenExchange', { id: 'exchange-finn-1', connectionName: CONNECTION, token: 'teams-sso-finn' });
    const afterFirst = await finn.arriving(2);
    expect(afterFirst[0]?.text).toMatch(/^Partner Center access needs your consent/);
    expect(oauthCardIn(afterFirst)).toBeDefined();

    await finn.invoke('signin/tokenExchange', { id: 'exchange-finn-2', connectionName: CONNECTION, token: 'teams-sso-finn' });
    expect(finn.received()).toEqual([]);
  });

  it('signs out: the token service forgets the user, and the next question asks to sign in again', async () => {
    const gus = cloud.person();
    cloud.tokenService.giveToken(gus.id, CONNECTION, 'bot-token-gus');
    await gus.say('usage for Fabrikam');
    expect(textsOf(cardOf(gus.received()[0]!)).join('\n')).toContain('Fabrikam Inc');

    await gus.say('sign out');
    expect(gus.received().map((a) => a.text)).toEqual([
      "You're signed out. I'll ask you to sign in the next time you need Partner Center.",
    ]);
    expect(cloud.tokenService.tokenOf(gus.id, CONNECTION)).toBeUndefined();

    await gus.say('usage for Fabrikam');
    expect(oauthCardIn(gus.received())).toBeDefined();
  });

  it('asks a signed-out user who clicks a card button to sign in, then answers that click', async () => {
    const ivy = cloud.person();
    const click = await ivy.invoke('adaptiveCard/action', {
      action: { type: 'Action.Execute', verb: 'usage.refresh', data: { customerId: SAMPLE_CUSTOMER_IDS.healthy } },
    });
    expect(click.status).toBe(200);
    expect(await click.json()).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/^Please sign in first/) });
    expect(oauthCardIn(ivy.received())).toBeDefined();

    cloud.tokenService.acceptExchange('teams-sso-ivy', 'bot-token-ivy');
    await ivy.invoke('signin/tokenExchange', { id: 'exchange-ivy', connectionName: CONNECTION, token: 'teams-sso-ivy' });
    expect(textsOf(cardOf((await ivy.arriving(1))[0]!))).toContain('License usage: Fabrikam Inc');
  });

  it('explains a sign-in failure reported by Teams', async () => {
    const hana = cloud.person();
    const response = await hana.invoke('signin/failure', { code: 'resourcematchfailed', message: 'Resource match failed' });
    expect(response.status).toBe(200);
    expect(hana.received()[0]?.text).toMatch(/^Sign-in didn't work\./);
  });

  /** A new person signs in through Teams SSO and asks for usage; what they were sent and what Partner Center saw. */
  async function signInAndAsk() {
    const person = cloud.person();
    const ssoToken = `teams-sso-${randomUUID()}`;
    const botToken = `bot-token-${randomUUID()}`;
    const partnerCenterCalls = partnerCenter.requests.length;
    const logLines = cloud.bot.logs.length;
    const repliesBefore = cloud.bot.connector.received.length;
    await person.say('usage for Fabrikam');
    expect(oauthCardIn(person.received())).toBeDefined();
    cloud.tokenService.acceptExchange(ssoToken, botToken);
    expect((await person.invoke('signin/tokenExchange', { id: `exchange-${randomUUID()}`, connectionName: CONNECTION, token: ssoToken })).status).toBe(200);
    // The replayed command answers after the invoke.
    expect(textsOf(cardOf((await person.arriving(1))[0]!)).join('\n')).toContain('License usage: Fabrikam Inc');
    return {
      ssoToken,
      botToken,
      partnerCenterTokens: partnerCenter.requests.slice(partnerCenterCalls).map((r) => r.headers.authorization?.replace('Bearer ', '') ?? ''),
      replies: cloud.bot.connector.received.slice(repliesBefore).filter((r) => r.activity.type === 'message'),
      logs: cloud.bot.logs.slice(logLines),
    };
  }

  it('posts its replies with its own app token from Entra', async () => {
    const { replies } = await signInAndAsk();
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) {
      const bearer = String(reply.headers.authorization ?? '').replace('Bearer ', '');
      expect(cloud.entra.issued(bearer)).toMatchObject({ grant: 'client_credentials', clientId: BOT_ID });
    }
  });

  it('never writes a token into its logs', async () => {
    const { ssoToken, botToken, partnerCenterTokens, replies, logs } = await signInAndAsk();
    // Every kind of token this sign-in handled, each really used: the user's Teams and token-service
    // tokens, the on-behalf-of token Partner Center received, the bot's app token on its replies.
    expect(partnerCenterTokens.length).toBeGreaterThan(0);
    for (const token of partnerCenterTokens) expect(cloud.entra.issued(token)).toMatchObject({ grant: 'on_behalf_of', assertion: botToken });
    const appTokens = replies.map((r) => String(r.headers.authorization ?? '').replace('Bearer ', ''));
    expect(appTokens.length).toBeGreaterThan(0);
    // The turn was logged (with its correlation id), so the logs looked at are this sign-in's.
    expect(logs.some((line) => typeof line.correlationId === 'string')).toBe(true);

    const written = JSON.stringify(cloud.bot.logs);
    for (const secret of [ssoToken, botToken, ...partnerCenterTokens, ...appTokens, BOT_SECRET]) expect(written).not.toContain(secret);
  });

  describe('inbound authentication', () => {
    const activity = () => personalMessage('help', { serviceUrl: cloud.bot.connector.url });

    it.each([
      ['no token', () => ({})],
      ['a malformed token', () => ({ authorization: 'Bearer not.a.jwt' })],
      ['a token signed with another key', () => ({ authorization: `Bearer ${cloud.keys.signWithOtherKey({ appId: BOT_ID, serviceUrl: cloud.bot.connector.url })}` })],
      ['an expired token', () => ({ authorization: `Bearer ${cloud.keys.sign({ appId: BOT_ID, serviceUrl: cloud.bot.connector.url, expiresInSeconds: -600 })}` })],
      ['a token for another bot', () => ({ authorization: `Bearer ${cloud.keys.sign({ appId: randomUUID(), serviceUrl: cloud.bot.connector.url })}` })],
    ])('refuses %s with 401 and does nothing', async (_case, headers) => {
      const before = cloud.bot.connector.received.length;
      const response = await cloud.bot.send(activity(), headers());
      expect(response.status).toBe(401);
      expect(cloud.bot.connector.received.length).toBe(before);
    });

    it('accepts a properly signed token', async () => {
      const response = await cloud.bot.send(activity(), { authorization: `Bearer ${cloud.keys.sign({ appId: BOT_ID, serviceUrl: cloud.bot.connector.url })}` });
      expect(response.status).toBe(200);
    });
  });
});
