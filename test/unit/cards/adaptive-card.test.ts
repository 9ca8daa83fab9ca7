import { aQuarterFewer, fittedCard, type AdaptiveCard } from '../../../src/cards/adaptive-card';

/** A card whose JSON grows by 100 bytes a row. */
function cardOf(rows: number): AdaptiveCard {
  return { type: 'AdaptiveCard', version: '1.5', body: Array.from({ length: rows }, () => ({ type: 'TextBlock', text: 'x'.repeat(70) })) };
}

describe('aQuarterFewer', () => {
  it('takes a quarter off, at least one row, down to the floor and no further', () => {
    expect([20, 15, 4, 1].map((rows) => aQuarterFewer(rows))).toEqual([15, 11, 3, 0]);
    expect(aQuarterFewer(0)).toBeNull();
    expect(aQuarterFewer(2, 1)).toBe(1);
    expect(aQuarterFewer(1, 1)).toBeNull();
  });
});

describe('fittedCard', () => {
  it('draws with fewer rows until the card fits, and no fewer', () => {
    const drawn: number[] = [];
    const maxBytes = JSON.stringify(cardOf(10)).length;
    const card = fittedCard(20, (rows) => (drawn.push(rows), cardOf(rows)), (rows) => aQuarterFewer(rows), maxBytes);
    expect(drawn).toEqual([20, 15, 11, 8]);
    expect(card.body).toHaveLength(8);
  });

  it('sends the smallest card when even that does not fit', () => {
    const card = fittedCard<number>(3, cardOf, (rows) => aQuarterFewer(rows, 1), 10);
    expect(card.body).toHaveLength(1);
  });
});
