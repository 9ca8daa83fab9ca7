import { buildHelpCard } from '../../../src/cards/help-card';
import { en } from '../../../src/i18n/en';
import { recentCards } from '../../../src/teams/recent-cards';

describe('recent cards', () => {
  it('give back the card as it was sent, as a copy the caller may change', () => {
    const cards = recentCards();
    const card = buildHelpCard(en);
    const built = { type: 'AdaptiveCard' as const, version: '1.5', body: [{ type: 'TextBlock', text: 'built by hand … café 🚀' }] };
    cards.remember('m1', card);
    cards.remember('m2', built);

    const back = cards.get('m1');
    expect(back).toEqual(card);
    back?.body?.push({ type: 'TextBlock', text: 'changed' });
    expect(cards.get('m1')).toEqual(card);
    expect(cards.get('m2')).toEqual(built);
    expect(cards.get('unknown')).toBeUndefined();
  });

  it('keep at most as many as told, the oldest going first', () => {
    const cards = recentCards(2);
    for (const id of ['a', 'b', 'c']) cards.remember(id, { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: id }] });
    expect(cards.get('a')).toBeUndefined();
    expect(cards.get('c')?.body?.[0]).toMatchObject({ text: 'c' });
  });
});
