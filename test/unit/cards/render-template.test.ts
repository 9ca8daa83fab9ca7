import * as ACData from 'adaptivecards-templating';
import { buildCustomerChoiceCard } from '../../../src/cards/customer-choice-card';
import { buildHelpCard } from '../../../src/cards/help-card';
import * as renderModule from '../../../src/cards/render-template';
import { renderTemplate, requireBound } from '../../../src/cards/render-template';
import { compileTemplate } from '../../../src/cards/template-compiler';
import usageCardTemplate from '../../../src/cards/templates/usage-card.json';
import { buildUsageCard } from '../../../src/cards/usage-card';
import { buildSharedUsageCard } from '../../../src/cards/user-specific';
import { buildWelcomeCard } from '../../../src/cards/welcome-card';
import { analyseUsage } from '../../../src/core/usage/analyse-usage';
import { en } from '../../../src/i18n/en';
import type { Messages } from '../../../src/i18n/messages';
import { nl } from '../../../src/i18n/nl';
import { generateUsageRows, mulberry32 } from '../../../src/simulator/dataset';
import { textBlocksOf } from '../../helpers/cards';
import { customerId } from '../../../src/core/customers/customer-id';

/** What adaptivecards-templating itself makes of a template and data, as JSON text (key order included). */
function libraryJson(template: object, data: object): string {
  return JSON.stringify(new ACData.Template(template).expand({ $root: data }));
}

/** The library's expansion, with renderTemplate's refusal of unbound expressions: what renderTemplate must equal. */
function expandWithLibrary(template: object, data: object): unknown {
  return requireBound(new ACData.Template(template).expand({ $root: data }));
}

/** What renderTemplate or the library does with the data: the card's JSON text, or the error it throws. */
function outcome(render: () => unknown): { json: string } | { error: string } {
  try {
    return { json: JSON.stringify(render()) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function usageSummary(rows: number, seed: number, customerName = 'Contoso Ltd', threshold = 30) {
  const records = generateUsageRows(mulberry32(seed), rows, '2026-03-01T00:00:00+00:00').map((row) => ({
    ...row,
    customerId: customerId('c0a1b2c3-d4e5-4f60-8172-839405a6b763'),
    customerName,
  }));
  return analyseUsage({ customerId: customerId('c0a1b2c3-d4e5-4f60-8172-839405a6b763'), customerName, records, threshold });
}

/** Every card kind the chat answers with, in both languages, with small, large, empty and awkward data. */
function buildEveryCard(messages: Messages): void {
  for (const [rows, seed] of [[0, 1], [1, 2], [8, 3], [60, 20260301], [61, 5]] as const) {
    buildUsageCard(usageSummary(rows, seed), messages);
    buildUsageCard(usageSummary(rows, seed), messages, { view: 'all' });
  }
  buildUsageCard(usageSummary(8, 7, 'Fabrikam *[_]* <b>Ltd</b> "quoted" \'single\' 100 %', 90), messages);
  buildUsageCard(usageSummary(60, 8, 'Long name '.repeat(40)), messages, { maxBytes: 6_000 });
  buildUsageCard(usageSummary(61, 10), messages, { maxRowsPerList: 5, maxNextSteps: 1 });
  buildUsageCard({ ...usageSummary(8, 9), processedAt: null }, messages);
  buildHelpCard(messages);
  buildWelcomeCard(messages);
  const customers = Array.from({ length: 14 }, (_, i) => ({ id: customerId(`id-${i}`), companyName: `Northwind ${i}`, domain: `northwind${i}.onmicrosoft.com` }));
  buildCustomerChoiceCard('northwind', customers.slice(0, 3), messages);
  buildCustomerChoiceCard('northwind', customers, messages);
  buildSharedUsageCard({ id: 'id-1', companyName: 'Northwind [Traders]' }, messages, ['29:one', '29:two']);
}

describe('renderTemplate', () => {
  const template = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${greeting}' }] };

  it('fills the template from the data', () => {
    expect(textBlocksOf(renderTemplate(template, { greeting: 'Hello' }))).toEqual(['Hello']);
  });

  it('refuses to produce a card with a field the data lacks', () => {
    expect(() => renderTemplate(template, {})).toThrow(/unbound expression/);
  });
});

describe('compiled card templates', () => {
  it('give every card the bot answers with exactly the JSON adaptivecards-templating gives', () => {
    const rendered = jest.spyOn(renderModule, 'renderTemplate');
    try {
      buildEveryCard(en);
      buildEveryCard(nl);
      expect(rendered.mock.calls.length).toBeGreaterThan(30);
      for (const [template, data] of rendered.mock.calls) {
        expect(JSON.stringify(compileTemplate(template)(data))).toBe(libraryJson(template, data));
      }
    } finally {
      rendered.mockRestore();
    }
  });

  it('make a 60-row usage card exactly as the library does', () => {
    const data = { ...sampleUsageData() };
    expect(JSON.stringify(renderTemplate(usageCardTemplate, data))).toBe(libraryJson(usageCardTemplate, data));
  });

  // The templating rules our templates rely on, and the odd ones they might come to rely on.
  const rules: Array<[string, object, object]> = [
    ['a single expression keeps its type', { n: '${n}', b: '${b}', o: '${o}', z: '${z}' }, { n: 42.5, b: false, o: { x: [1, 'two'] }, z: null }],
    [
      'expressions inside text are joined as text',
      { text: "Don't miss ${n} of ${total} (${rate} %), \"really\": ${flag}" },
      { n: 3, total: 10, rate: 0.5, flag: true },
    ],
    ['$when keeps or drops an object', { body: [{ a: 1, $when: '${yes}' }, { b: 2, $when: '${no}' }, { c: 3, $when: '${!no}' }] }, { yes: true, no: false }],
    ['$when needs a true boolean', { body: [{ a: 1, $when: '${one}' }, { b: 2, $when: '${text}' }] }, { one: 1, text: 'true' }],
    ['a $when that is no expression drops the object when truthy', { body: [{ a: 1, $when: true }, { b: 2, $when: false }, { c: 3, $when: 'yes' }] }, {}],
    ['a dropped object stays as null outside arrays', { card: { a: 1, $when: '${no}' } }, { no: false }],
    [
      '$data repeats an object per item, spliced into arrays',
      { body: [{ $data: '${rows}', text: '${name}', all: '${$root.label}' }, { text: 'end' }] },
      { rows: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], label: 'L' },
    ],
    ['$data of one item is the object itself', { one: { $data: '${rows}', text: '${name}' } }, { rows: [{ name: 'only' }] }],
    ['$data of no items is null, and gone from arrays', { none: { $data: '${rows}', t: 'x' }, list: [{ $data: '${rows}', t: 'x' }] }, { rows: [] }],
    ['$data may bind one object', { one: { $data: '${person}', text: '${name}' } }, { person: { name: 'Ann' } }],
    ['$when is asked per $data item', { body: [{ $data: '${rows}', $when: '${show}', text: '${name}' }] }, { rows: [{ name: 'a', show: true }, { name: 'b', show: false }] }],
    ['nested $data reads the inner item', { body: [{ $data: '${rows}', cols: [{ $data: '${bar}', w: '${weight}' }] }] }, { rows: [{ bar: [{ weight: 30 }, { weight: 70 }] }, { bar: [{ weight: 100 }] }] }],
    ['an undefined $data item keeps the one before', { body: [{ $data: '${rows}', text: '${name}' }] }, { name: 'root', rows: [undefined, { name: 'b' }, undefined] }],
    ['nulls leave arrays and nested arrays are flattened', { list: [1, null, [2, [3]], 'x'] }, {}],
    ['reserved fields are left out', { $schema: 's', $root: 'r', $index: 1, $host: 'h', $_acTemplateVersion: 'v', kept: 'k' }, {}],
    ['if() picks a literal', { body: [{ $data: '${rows}', style: "${if(filled, 'attention', 'emphasis')}", other: "${if(!filled,'a','b')}" }] }, { rows: [{ filled: true }, { filled: false }] }],
    ['if() and ! use the language\'s truth', { a: "${if(n, 'yes', 'no')}", b: "${if(z, 'yes', 'no')}", c: '${!n}', d: '${!z}', e: '${!s}' }, { n: 0, z: null, s: '' }],
    ['a nested path reads deeper', { text: '${a.b.c} ${$root.a.b.c}' }, { a: { b: { c: 'deep' } } }],
    ['a field spelled in another case is still found', { text: '${title}' }, { Title: 'from Title' }],
    ['of two spellings, the first key wins', { text: '${title}', other: '${title}' }, { TITLE: 'first', title: 'second' }],
    ['of two spellings deeper down, the first key wins', { text: '${a.b}' }, { a: { B: 'first', b: 'second' } }],
    ['of two spellings in a $data item, the first key wins', { body: [{ $data: '${rows}', text: '${name}' }] }, { rows: [{ name: 'a' }, { NAME: 'first', name: 'b' }] }],
    ['a missing field is an unbound expression', { text: 'Hi ${name}' }, {}],
    ['a missing $data list is an unbound expression', { body: [{ $data: '${rows}', text: '${name}' }] }, {}],
    ['a null inside text fails', { text: 'Hi ${name}' }, { name: null }],
    ['data holding template syntax is refused', { text: '${name}', list: '${items}' }, { name: 'a ${b} c', items: ['${x}'] }],
    ['a list of plain values as $data', { body: [{ $data: '${names}', t: 'x' }] }, { names: ['a', 'b'] }],
    ['an object inside text', { text: 'list: ${items}' }, { items: [1, 2] }],
    ['functions, arithmetic and indexing, evaluated by adaptive-expressions', { text: '${count(items)} ${a + 1} ${items[0]}', n: '${$index}' }, { items: [1, 2], a: 1 }],
    ['a literal $data', { body: [{ $data: [{ name: 'x' }], text: '${name}' }] }, {}],
    ['a key holding template syntax', { '${key}': 'v' }, { key: 'k' }],
  ];

  it.each(rules)('follow the library: %s', (_rule, template, data) => {
    expect(outcome(() => renderTemplate(template, data))).toEqual(outcome(() => expandWithLibrary(template, data)));
  });
});

/** The data the usage card is filled with for a 60-row customer, as the bench sends it. */
function sampleUsageData(): object {
  const rendered = jest.spyOn(renderModule, 'renderTemplate');
  try {
    buildUsageCard(usageSummary(60, 20260301), en);
    return rendered.mock.calls[0]![1];
  } finally {
    rendered.mockRestore();
  }
}
