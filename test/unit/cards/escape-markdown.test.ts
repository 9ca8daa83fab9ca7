import { escapeMarkdown, plainText } from '../../../src/cards/escape-markdown';

const ZERO_WIDTH_SPACE = '\u200b';

/** What a markdown renderer shows for escaped text: each `\x` becomes `x`. */
function displayed(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1').replaceAll(ZERO_WIDTH_SPACE, '');
}

/** Markdown punctuation that is not preceded by a backslash, i.e. that a renderer would act on. */
function activeMarkdown(markdown: string): string[] {
  const active: string[] = [];
  for (let i = 0; i < markdown.length; i++) {
    const char = markdown.charAt(i);
    if (char === '\\') {
      i++;
      continue;
    }
    if ('*_[]()#`~<>|'.includes(char)) active.push(char);
  }
  return active;
}

describe('escapeMarkdown', () => {
  const hostile = [
    '[x](https://evil.example)',
    '*bold* and _italic_',
    '<at>me</at>',
    '# Heading | table | `code` ~strike~',
    'back\\slash [link](x)',
    '![img](https://evil.example/p.png)',
  ];

  it.each(hostile)('shows %j literally, with no markdown a renderer would act on', (text) => {
    const escaped = escapeMarkdown(text);
    expect(activeMarkdown(escaped)).toEqual([]);
    expect(displayed(escaped)).toBe(text);
  });

  it('never produces a link from a customer named like one', () => {
    expect(escapeMarkdown('[click](https://evil)')).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/);
  });

  it.each([
    ['- Contoso', '\\- Contoso'],
    ['+ Contoso', '\\+ Contoso'],
    ['1. Contoso', '1\\. Contoso'],
    ['  42. Fabrikam', '  42\\. Fabrikam'],
  ])('keeps %j from becoming a list item', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });

  it('leaves hyphens, plus signs and numbers inside a name alone', () => {
    expect(escapeMarkdown('Contoso - East + West 1.5')).toBe('Contoso - East + West 1.5');
  });

  it('keeps ${...} in a name from looking like a template expression', () => {
    const escaped = escapeMarkdown('${customerName} and ${ x }');
    expect(escaped).not.toContain('${');
    expect(displayed(escaped)).toBe('${customerName} and ${ x }');
  });

  it('turns line breaks and tabs into spaces and drops other control characters', () => {
    expect(escapeMarkdown('Con\ntoso\r\nLtd\tNL\u0000\u0007\u009b')).toBe('Con toso  Ltd NL');
  });

  it('drops bidi overrides that would make a name read backwards', () => {
    expect(escapeMarkdown('Contoso\u202eetats\u202c')).toBe('Contosoetats');
  });

  it('cuts long text with an ellipsis without splitting characters', () => {
    const cut = escapeMarkdown('😀'.repeat(10), { maxLength: 4 });
    expect(Array.from(cut)).toEqual(['😀', '😀', '😀', '…']);
    expect(escapeMarkdown('short', { maxLength: 10 })).toBe('short');
  });

  it('cuts before escaping, so an escape is never cut in half', () => {
    const cut = escapeMarkdown('abc*def', { maxLength: 5 });
    expect(cut).toBe('abc\\*…');
    expect(activeMarkdown(cut)).toEqual([]);
  });
});

describe('plainText', () => {
  it('keeps punctuation as typed, for places that do not render markdown', () => {
    expect(plainText('Contoso [NL] *Ltd* (c)')).toBe('Contoso [NL] *Ltd* (c)');
  });

  it('still neutralises ${ and control characters', () => {
    const text = plainText('${name}\nLtd\u0000');
    expect(text).not.toContain('${');
    expect(text.replaceAll(ZERO_WIDTH_SPACE, '')).toBe('${name} Ltd');
  });
});
