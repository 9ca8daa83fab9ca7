import { parseCommand } from '../../../src/core/commands/parse-command';

describe('parseCommand', () => {
  it.each([
    ['usage for Contoso', 'Contoso'],
    ['  USAGE FOR   Contoso   Ltd  ', 'Contoso Ltd'],
    ['Usage of contoso.com', 'contoso.com'],
    ['usage Fabrikam', 'Fabrikam'],
    ['usage for "Contoso Ltd"', 'Contoso Ltd'],
    ['usage for “Contoso Ltd”?', 'Contoso Ltd'],
    ['usage\u00A0for\u00A0Contoso\u200B', 'Contoso'],
    ['usage for 4D3CF487-70F4-4E1E-9FF1-B2BFCE8D9F04', '4D3CF487-70F4-4E1E-9FF1-B2BFCE8D9F04'],
  ])('reads %j as a usage request for %j', (text, customerQuery) => {
    expect(parseCommand(text)).toEqual({ kind: 'usage', customerQuery });
  });

  it('keeps odd characters in a customer name for the lookup', () => {
    expect(parseCommand('usage for Litware [Test] *Corp* ${x}')).toEqual({
      kind: 'usage',
      customerQuery: 'Litware [Test] *Corp* ${x}',
    });
  });

  it.each(['usage', 'usage for', 'usage for   ', 'usage for ""'])('asks which customer for %j', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'usage-without-customer' });
  });

  it.each(['help', 'HELP', ' Help? ', '?', ''])('reads %j as help', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'help' });
  });

  it.each(['sign out', 'Sign Out', 'signout', 'log out', 'logout!'])('reads %j as sign out', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'sign-out' });
  });

  it.each([
    ['threshold', undefined],
    ['Threshold 40', 40],
    ['threshold 40%', 40],
    ['threshold 5 %', 5],
    ['drempel 99', 99],
    ['DREMPEL 1', 1],
    ['drempel', undefined],
  ])('reads %j as the threshold command', (text, value) => {
    expect(parseCommand(text)).toEqual(value === undefined ? { kind: 'threshold' } : { kind: 'threshold', value });
  });

  it.each(['threshold 0', 'threshold 100', 'threshold 150%', 'threshold -5', 'threshold 12.5', 'threshold abc', 'drempel veel'])(
    'refuses %j as a threshold',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'threshold-invalid' });
    },
  );

  it.each(['hello', 'usagefor contoso', 'show me the money', 'helpme'])('does not guess at %j', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'unknown' });
  });
});

describe('parseCommand in Dutch', () => {
  it.each([
    ['gebruik voor Contoso', 'Contoso'],
    ['Gebruik van contoso.com', 'contoso.com'],
    ['gebruik Fabrikam', 'Fabrikam'],
    ['  GEBRUIK  VOOR   Contoso   BV  ', 'Contoso BV'],
    ['gebruik voor "Contoso BV"?', 'Contoso BV'],
    // "voor" and "van" are only command words when they stand alone.
    ['gebruik Voorhout Installatietechniek', 'Voorhout Installatietechniek'],
    ['gebruik Vanderlande', 'Vanderlande'],
    ['gebruik voor Van Oord', 'Van Oord'],
  ])('reads %j as a usage request for %j', (text, customerQuery) => {
    expect(parseCommand(text)).toEqual({ kind: 'usage', customerQuery });
  });

  it.each(['gebruik', 'gebruik voor', 'Gebruik van  ', "gebruik voor ''"])('asks which customer for %j', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'usage-without-customer' });
  });

  it.each(['hulp', 'Hulp?', 'HULP'])('reads %j as help', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'help' });
  });

  it.each(['afmelden', 'Afmelden', 'uitloggen', 'UITLOGGEN!'])('reads %j as sign out', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'sign-out' });
  });

  it.each(['hallo', 'gebruikvoor contoso', 'gebruiksgegevens Contoso', 'hulpje', 'afmelden nu'])('does not guess at %j', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'unknown' });
  });

  it('keeps reading English commands the same way alongside the Dutch ones', () => {
    expect(parseCommand('usage for Gebruik BV')).toEqual({ kind: 'usage', customerQuery: 'Gebruik BV' });
  });
});
