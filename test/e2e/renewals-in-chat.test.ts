import { SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { channelMention, personalMessage } from '../helpers/activities';
import { cardOf, elementsOf, textsOf } from '../helpers/cards';
import { CLOUD_BOT, oauthCardIn, startCloudBot } from '../helpers/cloud/cloud-bot';
import { pcErrorReply, startScriptedPartnerCenter } from '../helpers/scripted-partner-center';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/** The bot and its simulator agree on today: dates and days left are fixed. */
const TODAY = new Date('2026-12-02T09:00:00Z');

describe('the subscription side in Teams, end to end in local mode', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({}, undefined, { clock: () => TODAY });
  });
  afterAll(async () => {
    await bot.close();
  });

  async function answersTo(activity: { conversation: { id: string } }) {
    const before = bot.connector.received.length;
    const response = await bot.send(activity);
    expect(response.status).toBe(200);
    return bot.connector.received.slice(before).filter((r) => r.activity.type === 'message');
  }
  const say = (text: string, locale?: string) => personalMessage(text, { serviceUrl: bot.connector.url, ...(locale ? { locale } : {}) });

  describe('the usage card', () => {
    it('shows the funnel per product and the renewal per subscription', async () => {
      const [answer] = await answersTo(say('usage for Northwind'));
      const texts = textsOf(cardOf(answer!.activity));
      expect(texts).toContain('Bought, assigned, used');
      const product = texts.indexOf('Microsoft 365 E3');
      expect(texts.slice(product, product + 4)).toEqual([
        'Microsoft 365 E3',
        'Bought 300 · assigned 250 · unassigned 50',
        'Active: Yammer 5 (2 %), Intune 30 (12 %), SharePoint 40 (16 %), OneDrive 55 (22 %), Teams 61 (24.4 %), Microsoft 365 Apps 180 (72 %)',
        'Renews Jan 14, 2027, in 43 days · annual, 300 seats · auto-renew on · seats can be reduced only at renewal, until Jan 14, 2027',
      ]);
      // Bought, but no usage row names it: its own line, not linked to a similar product.
      expect(texts).toContain('Bought, but not in the usage data: Microsoft Teams Essentials');
    });

    it('still shows usage when subscriptions answer 403, with one line saying what is missing and which role shows it', async () => {
      const [answer] = await answersTo(say('usage for Contoso Ltd'));
      const texts = textsOf(cardOf(answer!.activity));
      expect(texts.some((t) => /^\d+ of 8 workloads below 30 %$/.test(t))).toBe(true);
      expect(texts).toContain('Bought 85 · assigned 80 · unassigned 5');
      expect(texts).toContain('Renewals are not shown: your Partner Center role cannot read subscriptions (Admin agent or Sales agent can).');
      expect(texts.join('\n')).not.toMatch(/Renews /);
    });

    it('shows usage above 100 % as it is, marked as over-used, with a three-year term', async () => {
      const [answer] = await answersTo(say('usage for Fabrikam'));
      const texts = textsOf(cardOf(answer!.activity));
      expect(texts).toContain('105 % (over-used)');
      expect(texts.join('\n')).toContain('Teams 126 (105 %, over-used)');
      expect(texts.join('\n')).toContain('Renews Oct 8, 2027, in 310 days · three-year, 120 seats');
    });

    it('marks a trial and a suspended subscription, and a monthly term that can be reduced at a month end', async () => {
      const litware = textsOf(cardOf((await answersTo(say('usage for Litware')))[0]!.activity)).join('\n');
      expect(litware).toContain("monthly, 60 seats · auto-renew off · **trial** · seats can be reduced at a month's end");
      const wingtip = textsOf(cardOf((await answersTo(say('usage for Wingtip')))[0]!.activity)).join('\n');
      expect(wingtip).toContain('**suspended**');
    });
  });

  describe('renewals', () => {
    it('lists ten renewals riskiest first in a personal chat, each opening that customer’s usage card', async () => {
      const [answer] = await answersTo(say('renewals'));
      const card = cardOf(answer!.activity);
      const texts = textsOf(card);
      expect(texts[0]).toBe('Renewals in the next 90 days');
      const rows = elementsOf(card).filter((e) => e.type === 'Container' && e.selectAction);
      expect(rows).toHaveLength(10);
      expect(texts.some((t) => /^…and \d+ more$/.test(t))).toBe(true);

      const northwind = rows.find((row) => textsOf(row)[0] === 'Northwind Traders');
      expect(textsOf(northwind)).toEqual([
        'Northwind Traders',
        // Names from Partner Center reach the card markdown-escaped.
        'Microsoft 365 E3 \\(NCE\\) · 300 seats',
        '83.3 % assigned · lowest: Yammer 2 %',
        'Jan 14, 2027, in 43 days · annual',
      ]);
      expect(northwind!.selectAction).toEqual({
        type: 'Action.Execute',
        verb: 'usage.show',
        title: 'Open usage',
        data: { customerId: SAMPLE_CUSTOMER_IDS.severalLow },
      });
      // Clients without Universal Actions get a plain button per customer instead.
      const fallbackButtons = elementsOf(card).filter((e) => e.type === 'Action.Submit').map((e) => e.data.command);
      expect(fallbackButtons).toContain(`usage for ${SAMPLE_CUSTOMER_IDS.severalLow}`);
      // Lamna's partner relationship is gone: not the partner's renewal.
      expect(texts.join('\n')).not.toContain('Lamna');
    });

    it('looks as far ahead as asked, in Dutch too, and says clearly when the number is not usable', async () => {
      const [dutch] = await answersTo(say('verlengingen binnen 14 dagen', 'nl-NL'));
      const texts = textsOf(cardOf(dutch!.activity));
      expect(texts[0]).toBe('Verlengingen in de komende 14 dagen');
      // Tailspin Toys (monthly, low SharePoint) and Contoso Pharma (annual), beside Woodgrove's generated ones.
      expect(texts).toEqual(expect.arrayContaining(['11 dec 2026, over 9 dagen · maandelijks', '14 dec 2026, over 12 dagen · jaarlijks']));
      expect(texts.join('\n')).not.toMatch(/Northwind/);

      const [invalid] = await answersTo(say('renewals within 400 days'));
      expect(invalid!.activity.text).toBe('Say how many days ahead to look, a whole number from 1 to 365: for example **renewals within 60 days**.');
    });

    it('posts a figure-free card in a channel that Teams refreshes for each member with their own renewals', async () => {
      const mention = channelMention('renewals within 60 days', { serviceUrl: bot.connector.url });
      const [reply] = await answersTo(mention);
      const card = cardOf(reply!.activity);
      expect(textsOf(card)[0]).toBe('Renewals in the next 60 days');
      expect(JSON.stringify(card)).not.toMatch(/Northwind|\d %/);
      expect(card.refresh).toEqual({
        action: { type: 'Action.Execute', verb: 'renewals.refresh', data: { withinDays: 60 } },
        userIds: ['29:account-manager', '29:colleague'],
      });

      const refresh = {
        ...channelMention('', { serviceUrl: bot.connector.url }),
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        entities: [],
        from: { id: '29:colleague', name: 'Chris Colleague', aadObjectId: 'c0c0c0c0-0000-4000-8000-000000000003' },
        value: { trigger: 'automatic', action: { type: 'Action.Execute', verb: 'renewals.refresh', data: { withinDays: 60 } } },
      };
      const response = await bot.send(refresh);
      const body = (await response.json()) as { type: string; value: any };
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(textsOf(body.value)).toContain('Northwind Traders');
      expect(body.value.refresh?.action).toEqual({ type: 'Action.Execute', verb: 'renewals.refresh', data: { withinDays: 60 } });
    });

    it('refuses a refresh whose number of days is not valid', async () => {
      const refresh = {
        ...personalMessage('', { serviceUrl: bot.connector.url }),
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        value: { action: { type: 'Action.Execute', verb: 'renewals.refresh', data: { withinDays: 'soon' } } },
      };
      const response = await bot.send(refresh);
      const body = (await response.json()) as { statusCode?: number; type?: string };
      expect(JSON.stringify(body)).not.toContain('Northwind');
    });
  });
});

describe('a sign-in without MFA, end to end in cloud mode', () => {
  it('is told in one sentence with the sign-in card again, never as "no access"', async () => {
    const pc = await startScriptedPartnerCenter(() => pcErrorReply(401, 900421, 'Unauthorized'));
    const cloud = await startCloudBot({ PARTNER_CENTER_BASE_URL: pc.url });
    try {
      const gil = cloud.person();
      cloud.tokenService.giveToken(gil.id, CLOUD_BOT.connection, 'bot-token-gil');
      await gil.say('renewals');
      const sent = gil.received();
      expect(sent[0]?.text).toBe(
        'Partner Center needs a sign-in with multi-factor authentication (MFA), and yours was made without it: please sign in again with MFA.',
      );
      expect(oauthCardIn(sent)).toBeDefined();
      expect(JSON.stringify(sent)).not.toMatch(/can't see this customer/);
    } finally {
      await cloud.close();
      await pc.close();
    }
  });
});
