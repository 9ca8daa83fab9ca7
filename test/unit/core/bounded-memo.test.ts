import { boundedMemo } from '../../../src/core/bounded-memo';

describe('a bounded memo', () => {
  it('works a key out once, and again only once the key fell out of the bound', () => {
    const computed: string[] = [];
    const upper = boundedMemo((text: string) => {
      computed.push(text);
      return text.toUpperCase();
    }, 2);
    expect([upper('a'), upper('a'), upper('b'), upper('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(computed).toEqual(['a', 'b']);
    upper('c'); // 'b' was used least recently: it goes
    upper('b');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
  });
});
