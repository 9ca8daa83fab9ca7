import { buildHelpCard } from '../../../src/cards/help-card';
import { en } from '../../../src/i18n/en';
import type { Messages } from '../../../src/i18n/messages';
import { factsOf as facts, textBlocksOf as texts } from '../../helpers/cards';


describe('help card', () => {
  it('is an Adaptive Card 1.5 with the title, introduction and a hint to try', () => {
    const card = buildHelpCard(en);
    expect(card.version).toBe('1.5');
    expect(texts(card)).toEqual([en.help.title, en.help.intro, en.help.tryIt]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('lists every command, example next to description', () => {
    expect(facts(buildHelpCard(en))).toEqual(
      en.help.commands.map((command) => ({ title: command.example, value: command.description })),
    );
  });

  it('holds no text that Teams would swallow as an HTML tag', () => {
    const shown = [...texts(buildHelpCard(en)), ...facts(buildHelpCard(en)).flatMap((fact) => [fact.title, fact.value])];
    expect(shown.filter((text) => /<\/?[a-z][^>]*>/i.test(text))).toEqual([]);
  });

  it('takes its text from the messages it is given', () => {
    const dutch: Messages = {
      ...en,
      help: {
        title: 'Wat ik kan',
        intro: 'Ik laat zien hoe klanten hun licenties gebruiken.',
        commands: [{ example: 'gebruik voor Contoso', description: 'Licentiegebruik van een klant.' }],
        tryIt: 'Probeer: gebruik voor Contoso',
      },
    };
    const card = buildHelpCard(dutch);
    expect(texts(card)).toEqual(['Wat ik kan', 'Ik laat zien hoe klanten hun licenties gebruiken.', 'Probeer: gebruik voor Contoso']);
    expect(facts(card)).toEqual([{ title: 'gebruik voor Contoso', value: 'Licentiegebruik van een klant.' }]);
  });
});
