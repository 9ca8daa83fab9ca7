import { randomUUID } from 'node:crypto';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import type { SimulatorDataset } from '../../src/simulator/dataset';
import { personalMessage } from '../helpers/activities';
import { actionsOf, cardOf, textsOf } from '../helpers/cards';
import { validateCard } from '../helpers/card-validation';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const KEY = 'alerts-run-key-for-tests-0123456789';

/** Every sample customer's active licenses lowered by `drop` (seats), so every low workload gets worse. */
function everyoneWorse(drop: number): SimulatorDataset {
  const dataset = createSampleDataset();
  const lower = <T extends { licensesActive: number; licensesQualified: number }>(row: T): T => {
    const licensesActive = Math.max(0, row.licensesActive - drop);
    return { ...row, licensesActive, ...('usagePercent' in row && row.licensesQualified > 0 ? { usagePercent: Math.round((licensesActive / row.licensesQualified) * 1000) / 10 } : {}) };
  };
  return { customers: dataset.customers.map((c) => ({ ...c, seedUsage: c.seedUsage.map(lower), commercialUsage: c.commercialUsage.map(lower) })) };
}

describe('alerts tuned from the card: snooze, ignore, a customer threshold, undo, and a pass that honours them', () => {
  let simulator: RunningSimulator;
  let bot: TestBot;

  beforeEach(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    bot = await startTestBot({ PARTNER_CENTER_BASE_URL: simulator.url, ALERTS_API_KEY: KEY, ALERT_SCHEDULE: 'off' });
  });
  afterEach(async () => {
    await bot.close();
    await simulator.close();
  });

  async function runPass() {
    const response = await fetch(`${bot.app.url}/api/alerts/run`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, number>;
  }
  function proactiveTo(chat: string) {
    return bot.connector.received.filter((r) => r.conversationId === chat && !r.replyToId && r.activity.type === 'message').map((r) => r.activity);
  }
  async function say(text: string, chat: string) {
    await bot.send(personalMessage(text, { serviceUrl: bot.connector.url, conversationId: chat }));
    return bot.connector.to(chat).filter((a) => a.type === 'message').at(-1)!;
  }
  async function click(chat: string, action: { verb?: unknown; data?: unknown }, inputs: Record<string, unknown> = {}) {
    const activity = {
      ...personalMessage('', { serviceUrl: bot.connector.url, conversationId: chat }),
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...(action.data as object), ...inputs } } },
    };
    const response = await bot.send(activity);
    return { status: response.status, body: (await response.json()) as { statusCode: number; type: string; value: any } };
  }
  const byTitle = (card: unknown, title: RegExp) => actionsOf(card).find((a) => a.type === 'Action.Execute' && title.test(String(a.title)))!;

  it('ignores a product for a customer, says so with Undo, lists it, and a pass honours it until undone', async () => {
    const chat = `a:${randomUUID()}`;
    await say('alerts on for Contoso Ltd', chat);
    expect(await runPass()).toMatchObject({ alertsSent: 1 });
    const alertCard = cardOf(proactiveTo(chat)[0]!);
    expect(validateCard(alertCard)).toEqual([]);
    const ignore = byTitle(alertCard, /^Ignore MICROSOFT 365 BUSINESS PREMIUM here$/);
    expect(ignore.fallback).toEqual({ type: 'Action.Submit', title: ignore.title, data: { command: `alerts ignore MICROSOFT 365 BUSINESS PREMIUM for ${SAMPLE_CUSTOMER_IDS.contosoLtd}` } });

    const tuned = await click(chat, ignore);
    expect(tuned.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(validateCard(tuned.body.value)).toEqual([]);
    expect(textsOf(tuned.body.value).join('\n')).toMatch(/Ignored: no more alerts here about \*\*MICROSOFT 365 BUSINESS PREMIUM\*\* at \*\*Contoso Ltd\*\*/);
    expect(textsOf(cardOf(await say('alerts', chat))).join('\n')).toMatch(/Contoso Ltd: MICROSOFT 365 BUSINESS PREMIUM ignored/);

    simulator.replaceDataset(everyoneWorse(10));
    expect(await runPass()).toMatchObject({ alertsSent: 0, messagesSent: 0 });

    const undone = await click(chat, byTitle(tuned.body.value, /^Undo$/));
    expect(textsOf(undone.body.value).join('\n')).toMatch(/Undone: alerts about \*\*Contoso Ltd\*\* here are as they were/);
    expect(actionsOf(undone.body.value).some((a) => a.title === 'Undo')).toBe(false);
    expect(textsOf(cardOf(await say('alerts', chat))).join('\n')).not.toMatch(/ignored/);
    expect(await runPass()).toMatchObject({ alertsSent: 1, messagesSent: 1 });
  });

  it('snoozes a customer from a digest line for the whole conversation, and Undo ends the snooze', async () => {
    const chat = `a:${randomUUID()}`;
    await say('alerts on', chat);
    await runPass();
    const digest = cardOf(proactiveTo(chat)[0]!);
    // The worst line: the documented seed customer, at 0 % everywhere.
    const tune = actionsOf(digest).find((a) => a.verb === 'alerts.tune-menu')!;
    expect(tune.data.customerName).toBe('DT DEMO CSP CUSTOMER 005');
    const menuAnswer = await click(chat, tune);
    expect(menuAnswer.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Your choices for this customer are in the card below.' });
    const menu = cardOf(bot.connector.to(chat).filter((a) => a.type === 'message').at(-1)!);
    expect(validateCard(menu)).toEqual([]);
    expect(textsOf(menu)[0]).toBe('Tune alerts: DT DEMO CSP CUSTOMER 005');

    const snoozed = await click(chat, byTitle(menu, /^Snooze this customer 30 days$/));
    expect(textsOf(snoozed.body.value).join('\n')).toMatch(/Snoozed: no alerts about \*\*DT DEMO CSP CUSTOMER 005\*\* here for 30 days \(until /);
    expect(textsOf(cardOf(await say('alerts', chat))).join('\n')).toMatch(/DT DEMO CSP CUSTOMER 005: snoozed until/);

    // Its workloads were at 0 % already: a snoozed customer is not even measured, so what the others do shows.
    simulator.replaceDataset(everyoneWorse(10));
    const before = proactiveTo(chat).length;
    await runPass();
    const afterSnooze = proactiveTo(chat).slice(before).map((a) => textsOf(cardOf(a)).join('\n')).join('\n');
    expect(afterSnooze).not.toMatch(/DT DEMO CSP CUSTOMER 005/);
    expect(afterSnooze).toMatch(/^Low adoption at \d+ customers/);

    // Undone: the snooze is gone from the list.
    await click(chat, byTitle(snoozed.body.value, /^Undo$/));
    expect(textsOf(cardOf(await say('alerts', chat))).join('\n')).not.toMatch(/snoozed/);
  });

  it('gives a customer its own threshold from the card or typed, and refuses an impossible one', async () => {
    const chat = `a:${randomUUID()}`;
    await say('alerts on for Contoso Ltd', chat);
    await runPass();
    const alertCard = cardOf(proactiveTo(chat)[0]!);
    const apply = byTitle(alertCard, /^This customer's threshold$/);
    const refused = await click(chat, apply, { argument: 150 });
    expect(refused.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/whole percentage from 1 to 99/) });

    const set = await click(chat, apply, { argument: '5' });
    expect(textsOf(set.body.value).join('\n')).toMatch(/Alerts about \*\*Contoso Ltd\*\* here now fire below \*\*5 %\*\*/);
    // Intune falls from 15 % to 2.5 %: below 5 %, so alerted, judged against the customer's own threshold.
    simulator.replaceDataset(everyoneWorse(10));
    expect(await runPass()).toMatchObject({ alertsSent: 1 });
    expect(textsOf(cardOf(proactiveTo(chat).at(-1)!)).join('\n')).toMatch(/1 workload below 5 %/);

    // Typed, as the buttons' fallback does on clients without Universal Actions.
    const typed = await say('alerts threshold for Contoso Ltd off', chat);
    expect(textsOf(cardOf(typed)).join('\n')).toMatch(/follow the subscription's threshold again/);
    expect((await say('meldingen sluimer 7 dagen voor Contoso Ltd', chat)).attachments).toBeDefined();
    expect(textsOf(cardOf(await say('alerts', chat))).join('\n')).toMatch(/Contoso Ltd: snoozed until/);
  });

  it('refuses a tuning button that carries no valid customer or change', async () => {
    const chat = `a:${randomUUID()}`;
    expect((await click(chat, { verb: 'alerts.tune', data: { customerId: 'nope', customerName: 'x', kind: 'snooze', days: 7 } })).status).toBe(400);
    expect((await click(chat, { verb: 'alerts.tune', data: { customerId: SAMPLE_CUSTOMER_IDS.contosoLtd, customerName: 'x', kind: 'snooze', days: 400 } })).status).toBe(400);
  });
});
