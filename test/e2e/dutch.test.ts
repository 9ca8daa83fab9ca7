import { personalMessage } from '../helpers/activities';
import { cardOf, factsOf, textsOf } from '../helpers/cards';
import { startTestBot, type TestBot } from '../helpers/test-bot';

describe('a Dutch-speaking account manager in Teams, end to end in local mode', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  /** Sends one message in a new personal chat and returns the bot's answers there (typing indicators left out). */
  async function ask(text: string, locale = 'nl-NL') {
    const activity = personalMessage(text, { serviceUrl: bot.connector.url, locale });
    const response = await bot.send(activity);
    expect(response.status).toBe(200);
    return bot.connector.to(activity.conversation.id).filter((sent) => sent.type === 'message');
  }

  it('answers "gebruik voor" with a usage card in Dutch, with the Dutch date', async () => {
    const answers = await ask('gebruik voor DT DEMO CSP CUSTOMER 005');

    expect(answers).toHaveLength(1);
    const card = cardOf(answers[0]!);
    const texts = textsOf(card);
    expect(texts).toContain('Licentiegebruik: DT DEMO CSP CUSTOMER 005');
    expect(texts).toContain('5 van 5 workloads onder 30 %');
    expect(texts.join('\n')).toMatch(/Partner Center-gegevens van 9 mrt\.? 2017/);
    expect(texts.join('\n')).toContain('0 van 5 licenties actief');
    expect(factsOf(card)).toContainEqual({
      title: 'Exchange',
      value: 'controleer of de mailboxen zijn gemigreerd en gebruikers zich aanmelden in Outlook',
    });
    expect(texts.join('\n')).not.toMatch(/workloads below|licenses active|What to look at next/);
  });

  it('still understands an English command in a Dutch chat, and answers in Dutch', async () => {
    const answers = await ask('usage for DT DEMO CSP CUSTOMER 005');
    expect(textsOf(cardOf(answers[0]!))).toContain('5 van 5 workloads onder 30 %');
  });

  it('understands a Dutch command in an English chat, and answers in English', async () => {
    const answers = await ask('gebruik voor DT DEMO CSP CUSTOMER 005', 'en-US');
    expect(textsOf(cardOf(answers[0]!))).toContain('5 of 5 workloads below 30 %');
  });

  it('speaks Dutch to a Flemish chat too', async () => {
    const answers = await ask('gebruik van DT DEMO CSP CUSTOMER 005', 'nl-BE');
    expect(textsOf(cardOf(answers[0]!))).toContain('5 van 5 workloads onder 30 %');
  });

  it.each(['help', 'hulp'])('answers %j with the Dutch help card and Dutch command examples', async (text) => {
    const answers = await ask(text);
    const shown = textsOf(cardOf(answers[0]!)).join('\n');
    expect(shown).toContain('Wat ik kan');
    expect(shown).toContain('gebruik voor {klant}');
    expect(shown).toContain('afmelden');
    expect(shown).not.toContain('usage for {customer}');
  });

  it('answers anything else with the Dutch hint towards help', async () => {
    const answers = await ask('wat voor weer wordt het');
    expect(answers[0]!.text).toBe('Sorry, dat begreep ik niet. Typ **help** om te zien wat ik kan.');
  });

  it('asks in Dutch which customer is meant when the name is missing', async () => {
    const answers = await ask('gebruik voor');
    expect(answers[0]!.text).toMatch(/^Welke klant bedoelt u\?/);
  });

  it('says in Dutch when no customer matches, and what it searched for', async () => {
    const answers = await ask('gebruik voor Bestaat Niet BV');
    expect(answers[0]!.text).toBe(
      'Ik heb geen klant gevonden waarvan de bedrijfsnaam begint met "Bestaat Niet BV". Controleer de spelling, of probeer het domein of de klant-id.',
    );
  });

  it('explains a Partner Center refusal in Dutch, with a reference for support', async () => {
    const answers = await ask('gebruik voor Lamna');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.text).toMatch(
      /^Uw Partner Center-account heeft geen toegang tot de gebruiksanalyses van deze klant\..*\(Referentie: [0-9a-f-]{36}\)$/,
    );
    // Support finds the turn in the logs by the reference the user quotes.
    const reference = /\(Referentie: ([0-9a-f-]{36})\)$/.exec(answers[0]!.text!)![1];
    expect(bot.logs.some((line) => line.correlationId === reference)).toBe(true);
  });

  it('says in Dutch that local mode has nothing to sign out of', async () => {
    const answers = await ask('afmelden');
    expect(answers[0]!.text).toMatch(/^Deze bot draait in lokale modus/);
  });
});
