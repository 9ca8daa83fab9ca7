import { buildCustomerChoiceCard } from '../../../src/cards/customer-choice-card';
import type { Customer } from '../../../src/core/customers/customer';
import { en } from '../../../src/i18n/en';
import { actionsOf, textBlocksOf as texts } from '../../helpers/cards';
import { customerId } from '../../../src/core/customers/customer-id';


interface Button {
  title: string;
  data: { command: string };
}

function buttons(card: unknown): Button[] {
  return actionsOf(card).filter((action) => action.type === 'Action.Submit') as Button[];
}

function customers(count: number): Customer[] {
  return Array.from({ length: count }, (_, i) => ({
    id: customerId(`00000000-0000-0000-0000-${String(i).padStart(12, '0')}`),
    companyName: `Contoso ${i}`,
    domain: `contoso${i}.onmicrosoft.com`,
  }));
}

describe('customer choice card', () => {
  it('is an Adaptive Card 1.5 asking which of the matching customers was meant', () => {
    const card = buildCustomerChoiceCard('Contoso', customers(3), en);
    expect(card.version).toBe('1.5');
    expect(texts(card)).toEqual(['3 customers match "Contoso"', 'Which one do you mean?']);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('offers one button per customer that re-runs the usage command with its id', () => {
    const matches = customers(3);
    const card = buildCustomerChoiceCard('Contoso', matches, en);
    expect(buttons(card).map((button) => button.data)).toEqual(
      matches.map((customer) => ({ command: `usage for ${customer.id}` })),
    );
  });

  it('labels each button with the company name and its domain', () => {
    const card = buildCustomerChoiceCard(
      'Contoso',
      [
        { id: customerId('a'), companyName: 'Contoso', domain: 'contoso.com' },
        { id: customerId('b'), companyName: 'Contoso Ltd' },
      ],
      en,
    );
    const [withDomain, withoutDomain] = buttons(card).map((button) => button.title);
    expect(withDomain).toContain('Contoso');
    expect(withDomain).toContain('contoso.com');
    expect(withoutDomain).toBe('Contoso Ltd');
  });

  it('shows at most 10 buttons and says how many more matched', () => {
    const matches = customers(12);
    const card = buildCustomerChoiceCard('Contoso', matches, en);
    const shown = buttons(card);
    expect(shown).toHaveLength(10);
    expect(shown.map((button) => button.data.command)).toEqual(
      matches.slice(0, 10).map((customer) => `usage for ${customer.id}`),
    );
    expect(texts(card)[0]).toBe('12 customers match "Contoso"');
    expect(texts(card).some((text) => text.startsWith('…and 2 more'))).toBe(true);
  });

  it('has no "more" line when every match has a button', () => {
    const card = buildCustomerChoiceCard('Contoso', customers(10), en);
    expect(buttons(card)).toHaveLength(10);
    expect(texts(card).some((text) => text.includes('more'))).toBe(false);
  });

  it('honours a smaller maximum', () => {
    const card = buildCustomerChoiceCard('Contoso', customers(7), en, { maxChoices: 5 });
    expect(buttons(card)).toHaveLength(5);
    expect(texts(card).some((text) => text.startsWith('…and 2 more'))).toBe(true);
  });

  it('shows what the user typed literally, never as markdown', () => {
    const card = buildCustomerChoiceCard('[x](https://evil.example) *bold*', customers(2), en);
    expect(texts(card)[0]).toBe('2 customers match "\\[x\\]\\(https://evil.example\\) \\*bold\\*"');
  });

  it('keeps hostile company names from breaking the card or the command', () => {
    const card = buildCustomerChoiceCard(
      '${customerName}',
      [
        { id: customerId('id-1'), companyName: '${customerName}\nCorp', domain: '<at>me</at>' },
        { id: customerId('id-2'), companyName: '[x](https://evil.example)' },
      ],
      en,
    );
    expect(JSON.stringify(card)).not.toContain('${');
    const [first, second] = buttons(card);
    // Button titles are plain text in Teams, so the name is kept as typed, minus the line break.
    expect(first!.title.replaceAll('\u200b', '')).toBe('${customerName} Corp (<at>me</at>)');
    expect(first!.data.command).toBe('usage for id-1');
    expect(second!.title).toBe('[x](https://evil.example)');
  });
});
