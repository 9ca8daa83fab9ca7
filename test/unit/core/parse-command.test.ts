import type { Command } from '../../../src/core/commands/command';
import { typedCommands } from '../../../src/core/commands/command-text';
import { parseCommand } from '../../../src/core/commands/parse-command';

/** Each text is read as `command`. */
function itReads(texts: string[], command: Command, as: string): void {
  it.each(texts)(`reads %j as ${as}`, (text) => {
    expect(parseCommand(text)).toEqual(command);
  });
}

/** Each text is read as a usage request for the customer next to it. */
function itReadsUsage(cases: Array<[text: string, customerQuery: string]>): void {
  it.each(cases)('reads %j as a usage request for %j', (text, customerQuery) => {
    expect(parseCommand(text)).toEqual({ kind: 'usage', customerQuery });
  });
}

describe('parseCommand', () => {
  itReadsUsage([
    ['usage for Contoso', 'Contoso'],
    ['  USAGE FOR   Contoso   Ltd  ', 'Contoso Ltd'],
    ['Usage of contoso.com', 'contoso.com'],
    ['usage Fabrikam', 'Fabrikam'],
    ['usage for "Contoso Ltd"', 'Contoso Ltd'],
    ['usage for “Contoso Ltd”?', 'Contoso Ltd'],
    ['usage\u00A0for\u00A0Contoso\u200B', 'Contoso'],
    ['usage for 4D3CF487-70F4-4E1E-9FF1-B2BFCE8D9F04', '4D3CF487-70F4-4E1E-9FF1-B2BFCE8D9F04'],
  ]);

  it('keeps odd characters in a customer name for the lookup', () => {
    expect(parseCommand('usage for Litware [Test] *Corp* ${x}')).toEqual({
      kind: 'usage',
      customerQuery: 'Litware [Test] *Corp* ${x}',
    });
  });

  itReads(['usage', 'usage for', 'usage for   ', 'usage for ""'], { kind: 'usage-without-customer' }, 'usage without a customer');
  itReads(['help', 'HELP', ' Help? ', '?', ''], { kind: 'help' }, 'help');
  itReads(['sign out', 'Sign Out', 'signout', 'log out', 'logout!'], { kind: 'sign-out' }, 'sign out');
  itReads(['forget', 'Forget me', 'FORGET!'], { kind: 'forget' }, 'forget');

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

  itReads(['hello', 'usagefor contoso', 'show me the money', 'helpme'], { kind: 'unknown' }, 'unknown (no guessing)');
});

describe('parseCommand in Dutch', () => {
  itReadsUsage([
    ['gebruik voor Contoso', 'Contoso'],
    ['Gebruik van contoso.com', 'contoso.com'],
    ['gebruik Fabrikam', 'Fabrikam'],
    ['  GEBRUIK  VOOR   Contoso   BV  ', 'Contoso BV'],
    ['gebruik voor "Contoso BV"?', 'Contoso BV'],
    // "voor" and "van" are only command words when they stand alone.
    ['gebruik Voorhout Installatietechniek', 'Voorhout Installatietechniek'],
    ['gebruik Vanderlande', 'Vanderlande'],
    ['gebruik voor Van Oord', 'Van Oord'],
  ]);

  itReads(['gebruik', 'gebruik voor', 'Gebruik van  ', "gebruik voor ''"], { kind: 'usage-without-customer' }, 'usage without a customer');
  itReads(['hulp', 'Hulp?', 'HULP'], { kind: 'help' }, 'help');
  itReads(['afmelden', 'Afmelden', 'uitloggen', 'UITLOGGEN!'], { kind: 'sign-out' }, 'sign out');
  itReads(['vergeet', 'Vergeet mij', 'vergeet me'], { kind: 'forget' }, 'forget');
  itReads(['hallo', 'gebruikvoor contoso', 'gebruiksgegevens Contoso', 'hulpje', 'afmelden nu'], { kind: 'unknown' }, 'unknown (no guessing)');

  it('keeps reading English commands the same way alongside the Dutch ones', () => {
    expect(parseCommand('usage for Gebruik BV')).toEqual({ kind: 'usage', customerQuery: 'Gebruik BV' });
  });
});

describe('parseCommand: alerts', () => {
  it.each([
    ['alerts on', { kind: 'alerts-on' }],
    ['Alerts On', { kind: 'alerts-on' }],
    ['alerts on below 20%', { kind: 'alerts-on', threshold: 20 }],
    ['alerts on below 20', { kind: 'alerts-on', threshold: 20 }],
    ['alerts on below 20 %', { kind: 'alerts-on', threshold: 20 }],
    ['alerts on for Contoso', { kind: 'alerts-on', customerQuery: 'Contoso' }],
    ['alerts on for Contoso Ltd below 20%', { kind: 'alerts-on', customerQuery: 'Contoso Ltd', threshold: 20 }],
    ['alerts on for contoso.com below 5 %', { kind: 'alerts-on', customerQuery: 'contoso.com', threshold: 5 }],
    ['alerts on for "Contoso Ltd"', { kind: 'alerts-on', customerQuery: 'Contoso Ltd' }],
    // The words a command uses may be part of a name: only a trailing "below <n>" is a threshold.
    ['alerts on for Usage For Good below 40', { kind: 'alerts-on', customerQuery: 'Usage For Good', threshold: 40 }],
    ['alerts on for Onder de Linden BV', { kind: 'alerts-on', customerQuery: 'Onder de Linden BV' }],
    ['alerts on for "Below Zero" below 30%', { kind: 'alerts-on', customerQuery: 'Below Zero', threshold: 30 }],
    ["alerts on for McDonald's below 10", { kind: 'alerts-on', customerQuery: "McDonald's", threshold: 10 }],
    ['alerts off', { kind: 'alerts-off' }],
    ['alerts off for Northwind Traders', { kind: 'alerts-off', customerQuery: 'Northwind Traders' }],
    ['alerts off for 9E8D7C6B-5A4F-4E3D-8C2B-1A0F9E8D7C61', { kind: 'alerts-off', customerQuery: '9E8D7C6B-5A4F-4E3D-8C2B-1A0F9E8D7C61' }],
    ['alerts', { kind: 'alerts-list' }],
    ['Alerts?', { kind: 'alerts-list' }],
    ['alerts resume', { kind: 'alerts-resume' }],
  ])('reads %j', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each([
    ['meldingen aan', { kind: 'alerts-on' }],
    ['meldingen aan voor Contoso BV', { kind: 'alerts-on', customerQuery: 'Contoso BV' }],
    ['meldingen aan onder 25%', { kind: 'alerts-on', threshold: 25 }],
    ['Meldingen aan voor Contoso BV onder 25 %', { kind: 'alerts-on', customerQuery: 'Contoso BV', threshold: 25 }],
    ['meldingen uit', { kind: 'alerts-off' }],
    ['meldingen uit voor Contoso BV', { kind: 'alerts-off', customerQuery: 'Contoso BV' }],
    ['meldingen', { kind: 'alerts-list' }],
    ['meldingen hervatten', { kind: 'alerts-resume' }],
    // Words of either language, whatever the chat's locale.
    ['alerts aan voor Contoso below 20', { kind: 'alerts-on', customerQuery: 'Contoso', threshold: 20 }],
    ['meldingen on for Contoso onder 20', { kind: 'alerts-on', customerQuery: 'Contoso', threshold: 20 }],
  ])('reads the Dutch %j', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each([
    'alerts on below 150%',
    'alerts on below 100',
    'alerts on below abc',
    'alerts on below 0',
    'alerts on below 12.5',
    'alerts on below -5',
    'alerts on below',
    'alerts on for Contoso below 150%',
    'alerts on for Contoso below lots',
    'meldingen aan onder 200',
  ])('refuses the threshold of %j', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'alerts-invalid', reason: 'threshold' });
  });

  it.each(['alerts on for', 'alerts on for   ', 'alerts on for ""', 'alerts off for', 'alerts on for below 20', 'meldingen aan voor', 'meldingen uit voor'])(
    'asks which customer for %j',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'alerts-invalid', reason: 'missing-customer' });
    },
  );

  it.each(['alerts please', 'alerts on Contoso', 'alerts off now', 'alerts off below 20', 'alerts resume all', 'meldingen graag', 'alerts on 20%'])(
    'does not guess at %j',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'alerts-invalid', reason: 'words' });
    },
  );

  it('leaves words that only start like alerts to the other commands', () => {
    expect(parseCommand('alertness')).toEqual({ kind: 'unknown' });
    expect(parseCommand('usage for Alerts Inc')).toEqual({ kind: 'usage', customerQuery: 'Alerts Inc' });
  });
});

describe('typedCommands', () => {
  // A fallback button sends them as a message, and a sign-in replays them: the parser must read them back.
  it('are read back as the commands the card buttons stand for', () => {
    const id = '4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04';
    expect(parseCommand(typedCommands.usage(id))).toEqual({ kind: 'usage', customerQuery: id });
    expect(parseCommand(typedCommands.alertsOn(id))).toEqual({ kind: 'alerts-on', customerQuery: id });
    expect(parseCommand(typedCommands.alertsOff(id))).toEqual({ kind: 'alerts-off', customerQuery: id });
    expect(parseCommand(typedCommands.alertsResume)).toEqual({ kind: 'alerts-resume' });
  });
});

describe('renewals commands', () => {
  it.each([
    ['renewals', 90],
    ['Renewals within 30 days', 30],
    ['renewals within 1 day', 1],
    ['renewals in 365 days', 365],
    ['verlengingen', 90],
    ['verlengingen binnen 60 dagen', 60],
    ['VERLENGINGEN BINNEN 14 DAGEN', 14],
  ])('%s looks %i days ahead', (text, withinDays) => {
    expect(parseCommand(text)).toEqual({ kind: 'renewals', withinDays });
  });

  it.each(['renewals within 0 days', 'renewals within 366 days', 'renewals within soon', 'renewals for Contoso', 'verlengingen binnen -5 dagen', 'renewals within 1.5 days'])(
    '%s gets a clear sentence instead of a guess',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'renewals-invalid' });
    },
  );
});
