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

  it.each(['hello', 'usagefor contoso', 'show me the money', 'helpme'])('does not guess at %j', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'unknown' });
  });
});
