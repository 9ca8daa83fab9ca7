import { buildAlertListCard } from '../../../src/cards/alert-list-card';
import { emptyConversationAlerts, mute, recordRun, subscribe, type ConversationAlerts } from '../../../src/core/alerts/subscriptions';
import { en } from '../../../src/i18n/en';
import { nl } from '../../../src/i18n/nl';
import { MAX_CARD_BYTES, validateCard } from '../../helpers/card-validation';
import { textsOf } from '../../helpers/cards';
import { customerId } from '../../../src/core/customers/customer-id';

const subscriber = { userId: '29:anna', name: 'Anna Account', locale: 'en-US' };

function withCustomers(names: string[], threshold: number | null = null): ConversationAlerts {
  return names.reduce(
    (alerts, name, index) =>
      subscribe(alerts, { customerId: customerId(`id-${index}`), customerName: name, threshold, subscriber, at: '2026-03-02T08:00:00.000Z' }),
    emptyConversationAlerts('a:chat'),
  );
}

const rows = (card: { body?: Array<{ type: string }> }) => (card.body ?? []).filter((element) => element.type === 'Container').map((c) => textsOf(c));

describe('the alerts list card', () => {
  it('puts all customers first, then customers by name, each with threshold, status, who and last run', () => {
    const alerts = recordRun(
      subscribe(withCustomers(['Northwind Traders', 'Contoso Ltd'], 20), { customerId: null, customerName: null, threshold: null, subscriber, at: '2026-03-01T08:00:00.000Z' }),
      { at: '2026-03-09T08:00:00.000Z', outcome: 'sent' },
      (s) => s.customerName === 'Contoso Ltd',
    );
    const card = buildAlertListCard(alerts, 35, en);
    expect(validateCard(card)).toEqual([]);
    expect(rows(card)).toEqual([
      ['All customers', "below 35 % (this chat's threshold)", 'active', 'by Anna Account, Mar 1, 2026', 'not checked yet'],
      ['Contoso Ltd', 'below 20 %', 'active', 'by Anna Account, Mar 2, 2026', 'last checked Mar 9, 2026: alerts sent'],
      ['Northwind Traders', 'below 20 %', 'active', 'by Anna Account, Mar 2, 2026', 'not checked yet'],
    ]);
  });

  it('counts muted customers and speaks Dutch', () => {
    const card = buildAlertListCard(mute(mute(withCustomers(['Contoso BV']), customerId('a')), customerId('b')), 30, nl);
    expect(textsOf(card)).toEqual(expect.arrayContaining(['Meldingen in dit gesprek', 'onder 30 % (de drempel van deze chat)', '2 klanten gedempt']));
  });

  it('stays under the Teams size limit with many long, hostile names, counting the rest', () => {
    const names = Array.from({ length: 60 }, (_, i) => `[click](https://evil.example) **${i}** \${name} ${'x'.repeat(200)}`);
    const card = buildAlertListCard(withCustomers(names), 30, en);
    expect(validateCard(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    expect(rows(card)).toHaveLength(25);
    expect(textsOf(card)).toContain('…and 35 more');
    expect(rows(card)[0]?.[0]).toMatch(/^\\\[click\\\]\\\(https:\/\/evil\.example\\\) /);
  });
});
