import { escapeMarkdown } from '../../../src/cards/escape-markdown';
import { parseCommand } from '../../../src/core/commands/parse-command';
import { ErrorCodes } from '../../../src/core/errors';
import { en } from '../../../src/i18n/en';
import { messagesFor, type Messages } from '../../../src/i18n';
import { nl } from '../../../src/i18n/nl';

const ERROR_CODES = Object.values(ErrorCodes);
const REFERENCE = '6f1c0a52-0000-4000-8000-00000000abcd';

/** Every fixed string in a set of messages, by its path, so two languages can be compared line by line. */
function fixedTexts(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => fixedTexts(item, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => fixedTexts(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/** What each sentence-making function says for typical arguments, by name. */
function generatedTexts(messages: Messages): Record<string, string> {
  const card = messages.usageCard;
  return {
    unknownCommand: messages.unknownCommand(),
    tenantNotAllowed: messages.tenantNotAllowed(),
    missingCustomer: messages.missingCustomer(),
    notFoundById: messages.customerNotFound(escapeMarkdown('4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04'), 'id'),
    notFoundByDomain: messages.customerNotFound(escapeMarkdown('contoso.com'), 'domain'),
    notFoundByName: messages.customerNotFound(escapeMarkdown('Contoso'), 'name'),
    choiceTitle: messages.customerChoice.title(escapeMarkdown('contoso'), 2),
    choiceMore: messages.customerChoice.more(3),
    cardTitle: card.title(escapeMarkdown('Contoso')),
    dataDate: card.dataDate('9 March 2017'),
    verdict: card.verdict(3, 5, 30),
    allHealthy: card.allHealthy(5, 30),
    healthyHeading: card.healthyHeading(2),
    unlicensedHeading: card.unlicensedHeading(1),
    activeOfQualified: card.activeOfQualified(3, 10),
    nextStepFallback: card.nextStep('Some New Workload'),
    more: card.more(4),
  };
}

describe('error sentences', () => {
  it.each(ERROR_CODES)('%s has a sentence in English and a different one in Dutch', (code) => {
    const english = en.error(code);
    const dutch = nl.error(code);
    expect(english.trim()).not.toBe('');
    expect(dutch.trim()).not.toBe('');
    expect(dutch).not.toBe(english);
  });

  it.each(ERROR_CODES)('%s ends with the reference id support needs, in either language', (code) => {
    expect(en.error(code, REFERENCE)).toMatch(new RegExp(`\\(Reference: ${REFERENCE}\\)$`));
    expect(nl.error(code, REFERENCE)).toMatch(new RegExp(`\\(Referentie: ${REFERENCE}\\)$`));
  });

  it('gives each failure its own Dutch sentence, so no two problems read the same', () => {
    const sentences = ERROR_CODES.map((code) => nl.error(code));
    expect(new Set(sentences).size).toBe(ERROR_CODES.length);
  });
});

describe('Dutch messages', () => {
  it('format numbers, percentages and dates the Dutch way', () => {
    expect(nl.locale).toBe('nl-NL');
    expect(nl.formatPercent(12.5)).toBe('12,5 %');
    expect(nl.formatPercent(0)).toBe('0 %');
    expect(nl.formatDate('2017-03-09T00:00:00+00:00')).toMatch(/^9 mrt\.? 2017$/);
    expect(nl.usageCard.activeOfQualified(1200, 1500)).toBe('1.200 van 1.500 licenties actief');
  });

  it('show the date Partner Center processed the data, whatever the time of day in its timestamp', () => {
    expect(nl.formatDate('2017-03-09T23:59:59Z')).toBe(nl.formatDate('2017-03-09T00:00:00Z'));
  });

  it('translate every fixed line of English (only the command word "help" is the same)', () => {
    const english = new Map(fixedTexts(en));
    const untranslated = fixedTexts(nl).filter(([path, text]) => path !== 'locale' && english.get(path) === text);
    expect(untranslated.map(([path, text]) => [path.replace(/\[\d+\]/, '[]'), text])).toEqual([['help.commands[].example', 'help']]);
  });

  it('translate every sentence the bot builds from data', () => {
    const english = generatedTexts(en);
    const untranslated = Object.entries(generatedTexts(nl)).filter(([name, text]) => text === '' || text === english[name]);
    expect(untranslated).toEqual([]);
  });

  it('name what was searched for when no customer is found, in Dutch', () => {
    expect(nl.customerNotFound(escapeMarkdown('Contoso'), 'name')).toContain('bedrijfsnaam begint met "Contoso"');
    expect(nl.customerNotFound(escapeMarkdown('contoso.com'), 'domain')).toContain('domein begint met "contoso.com"');
    expect(nl.customerNotFound(escapeMarkdown('4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04'), 'id')).toContain('klant-id "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04"');
  });

  it('suggest a next step for each known workload, in Dutch and not the catch-all', () => {
    const fallback = nl.usageCard.nextStep('Some New Workload');
    for (const workload of ['Exchange', 'SharePoint', 'OneDrive', 'Teams', 'Skype For Business', 'Yammer', 'Intune', 'Entra ID']) {
      const step = nl.usageCard.nextStep(workload);
      expect(step).not.toBe(fallback);
      expect(step).not.toBe(en.usageCard.nextStep(workload));
    }
    expect(nl.usageCard.nextStep('  EXCHANGE ')).toBe(nl.usageCard.nextStep('Exchange'));
  });

  it('show help examples the bot understands when typed', () => {
    for (const { example } of nl.help.commands) {
      expect(parseCommand(example.replace('{klant}', 'Contoso')).kind).not.toBe('unknown');
    }
    expect(parseCommand(nl.help.tryIt.replace(/^[^:]*:\s*/, ''))).toEqual({ kind: 'usage', customerQuery: 'Contoso' });
    expect(nl.missingCustomer()).toContain('gebruik voor');
  });

  it('never put angle brackets in text, which Teams would drop as HTML', () => {
    const everything = [...fixedTexts(nl).map(([, text]) => text), ...Object.values(generatedTexts(nl))];
    expect(everything.filter((text) => /[<>]/.test(text))).toEqual([]);
  });
});

describe('messagesFor', () => {
  it.each(['nl', 'nl-NL', 'nl-BE', 'NL-nl', 'nl-be', 'nl-Latn-NL'])('speaks Dutch for %j', (locale) => {
    expect(messagesFor(locale)).toBe(nl);
  });

  it.each([undefined, '', 'en-US', 'en', 'fr-BE', 'de-NL', 'nld', 'nl_NL', 'nl-', ' nl-NL', 'dutch', 'nl-NL-x-y-z-w'])(
    'speaks English for %j',
    (locale) => {
      expect(messagesFor(locale)).toBe(en);
    },
  );
});
