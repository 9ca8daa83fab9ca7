import { ErrorCodes, type ErrorCode } from '../core/errors';
import { nlExport, nlReport, nlTrend, nlTuning } from './nl-report';
import { formatsFor } from './formats';
import type { CustomerQueryKind, Messages } from './messages';
import { renewalsNl } from './renewals-nl';

const LOCALE = 'nl-NL';
const { integer, decimal, formatPercent, formatDate } = formatsFor(LOCALE);

// Partner Center role names stay in English: they are what partners see in its admin pages.
const errorSentences: Record<ErrorCode, string> = {
  [ErrorCodes.PartnerCenterNoAccess]:
    'Uw Partner Center-account heeft geen toegang tot de gebruiksanalyses van deze klant. Vraag uw Partner Center-beheerder om een rol met toegang tot analyses (bijvoorbeeld Admin agent of Sales agent).',
  [ErrorCodes.PartnerCenterMfaRequired]:
    'Partner Center vraagt een aanmelding met meervoudige verificatie (MFA), en de uwe is zonder gedaan: meld u opnieuw aan met MFA.',
  [ErrorCodes.PartnerCenterNotFound]: 'Partner Center kent deze klant niet.',
  [ErrorCodes.PartnerCenterBusy]: 'Partner Center heeft het op dit moment druk. Probeer het over een minuut opnieuw.',
  [ErrorCodes.PartnerCenterUnavailable]: 'Partner Center reageert op dit moment niet. Probeer het later opnieuw.',
  [ErrorCodes.PartnerCenterUnexpectedResponse]:
    'Partner Center gaf een antwoord dat ik niet kon lezen. Probeer het later opnieuw; blijft dit gebeuren, neem dan contact op met support.',
  [ErrorCodes.DeadlineExceeded]: 'Partner Center deed er te lang over om te antwoorden. Probeer het over een minuut opnieuw.',
  [ErrorCodes.SignInRequired]: 'Meld u eerst aan, zodat ik Partner Center namens u kan lezen.',
  [ErrorCodes.ConsentRequired]:
    'Voor toegang tot Partner Center is eerst uw toestemming (of die van uw beheerder) nodig. Meld u opnieuw aan en accepteer het verzoek; lukt dat niet, vraag dan uw Microsoft 365-beheerder om toestemming te geven voor deze app.',
  [ErrorCodes.InteractionRequired]:
    'Uw organisatie vraagt u opnieuw aan te melden (bijvoorbeeld met meervoudige verificatie) voordat ik Partner Center voor u kan lezen.',
  [ErrorCodes.SignInExpired]: 'Uw aanmelding is verlopen. Meld u opnieuw aan.',
  [ErrorCodes.IdentityUnavailable]: 'Ik kon de aanmeldservice van Microsoft zojuist niet bereiken. Probeer het over een minuut opnieuw.',
  [ErrorCodes.Internal]: 'Er ging aan mijn kant iets mis. Probeer het opnieuw; blijft dit gebeuren, neem dan contact op met support.',
};

// Dutch needs the article and the verb per kind, so each kind gets its whole phrase.
const notFoundPhrase: Record<CustomerQueryKind, (query: string) => string> = {
  id: (query) => `met klant-id "${query}"`,
  domain: (query) => `waarvan het domein begint met "${query}"`,
  name: (query) => `waarvan de bedrijfsnaam begint met "${query}"`,
};

// Keys are Partner Center workload names, lower-cased, as in the English messages.
const nextSteps: Record<string, string> = {
  exchange: 'controleer of de mailboxen zijn gemigreerd en gebruikers zich aanmelden in Outlook',
  sharepoint: 'zoek naar sites en bestandsshares die nog on-premises staan',
  onedrive: 'controleer of gebruikers hun bestanden met OneDrive synchroniseren',
  teams: 'bied een adoptiesessie aan voor vergaderen en chatten in Teams',
  'skype for business': 'plan de overstap van deze gebruikers naar Teams',
  yammer: "kijk of er Viva Engage-community's zijn opgezet",
  'office proplus': 'controleer of de Microsoft 365-apps op de apparaten zijn geïnstalleerd',
  'microsoft 365 apps': 'controleer of de Microsoft 365-apps op de apparaten zijn geïnstalleerd',
  intune: 'controleer hoeveel apparaten zijn ingeschreven',
  'entra id': 'controleer of gebruikers zich aanmelden met hun werkaccount',
};

export const nl: Messages = {
  locale: LOCALE,
  formatPercent,
  formatDate,

  error: (code, correlationId) =>
    correlationId ? `${errorSentences[code]} (Referentie: ${correlationId})` : errorSentences[code],

  tenantNotAllowed: () =>
    'Sorry, deze bot is niet beschikbaar voor uw organisatie. Denkt u dat dat wel zo zou moeten zijn, vraag dan uw Teams-beheerder contact op te nemen met de partner die de bot beheert.',
  signIn: {
    cardTitle: 'Aanmelden',
    cardText: 'Meld u aan met uw werkaccount, zodat ik Partner Center kan lezen met uw eigen toegangsrechten.',
    signedOut: 'U bent afgemeld. De volgende keer dat u Partner Center nodig hebt, vraag ik u opnieuw om aan te melden.',
    nothingToSignOut: 'Deze bot draait in lokale modus met een ontwikkelaarsaanmelding; er is dus niets om af te melden.',
    failed: 'Aanmelden is niet gelukt. Mogelijk moet uw Teams-beheerder de app-registratie van de bot controleren (de app-id of URI voor aanmelden komt niet overeen).',
    notCompleted: 'Die aanmelding is niet voltooid. Probeer het opnieuw.',
  },
  unknownCommand: () => 'Sorry, dat begreep ik niet. Typ **help** om te zien wat ik kan.',
  missingCustomer: () => 'Welke klant bedoelt u? Typ **gebruik voor** gevolgd door een bedrijfsnaam, domein of klant-id.',
  customerNotFound: (query, kind) =>
    `Ik heb geen klant gevonden ${notFoundPhrase[kind](query)}. Controleer de spelling, of probeer het domein of de klant-id.`,

  welcome: {
    title: 'Welkom bij CSP Usage',
    intro: 'Vraag mij hoe een klant de gekochte Microsoft 365-licenties echt gebruikt. Ik laat de workloads met een lage adoptie als eerste zien, zodat u op tijd kunt bijsturen, nog vóór het gesprek over de verlenging.',
    privacy: 'Ik lees Partner Center met uw eigen toegangsrechten: u ziet alleen wat uw Partner Center-account mag zien.',
    customerLabel: 'Probeer het: welke klant?',
    customerPlaceholder: 'Bedrijfsnaam, domein of klant-id',
    showUsage: 'Gebruik tonen',
    showHelp: 'Wat kunt u nog meer?',
    toConversation:
      'Hallo, ik ben CSP Usage. Noem mij met **gebruik voor** en een klant (bijvoorbeeld **gebruik voor Contoso**) om te zien hoe de gekochte licenties echt worden gebruikt. Noem mij met **help** voor meer.',
  },

  threshold: {
    current: (value, isDefault) =>
      `Workloads onder **${integer(value)} %** gelden in deze chat als laag${isDefault ? ' (de standaard van de bot)' : ''}. Wijzig dit met **drempel** gevolgd door een getal van 1 tot en met 99.`,
    set: (value) => `Gedaan: in deze chat gelden workloads onder **${integer(value)} %** nu als laag.`,
    invalid: () => 'De drempel moet een geheel getal van 1 tot en met 99 zijn, bijvoorbeeld **drempel 40**.',
  },

  help: {
    title: 'Wat ik kan',
    intro: 'Ik laat zien hoe uw klanten de Microsoft 365-licenties die ze hebben gekocht echt gebruiken, en welke workloads achterblijven.',
    commands: [
      // Braces, not angle brackets: Teams drops <klant> from card text as if it were an HTML tag.
      { example: 'gebruik voor {klant}', description: 'Licentiegebruik van een klant, op bedrijfsnaam (of het begin ervan), domein of klant-id.' },
      { example: 'drempel {n}', description: 'Stel het percentage in waaronder een workload in deze chat als laag geldt (1–99); zonder getal ziet u de huidige drempel.' },
      { example: 'meldingen aan', description: 'Ik post hier een kaart wanneer een workload van een klant die u kunt zien onder de drempel zakt. Met onder {n}% erachter geldt een eigen drempel.' },
      { example: 'meldingen aan voor {klant}', description: 'Hetzelfde, voor één klant.' },
      { example: 'meldingen', description: 'De meldingen in deze chat: klant, drempel, wie ze aanzette en de laatste controle.' },
      { example: 'meldingen uit', description: 'Stopt de meldingen hier; meldingen uit voor {klant} stopt er één.' },
      { example: 'overzicht', description: 'Alle klanten die u kunt zien, meeste licenties in gevaar eerst. Met voor {workload}, onder {n}%, verlengt binnen {n} dagen, of dalers (de grootste dalingen sinds de vorige gegevensdatum).' },
      { example: 'verlengingen', description: 'Abonnementen van uw klanten die in de komende 90 dagen aflopen, meeste risico eerst: niet-toegewezen licenties en laag gebruik. Met binnen {n} dagen (1–365) kijkt u verder of minder ver vooruit.' },
      { example: 'afmelden', description: 'Vergeet uw aanmelding; de volgende keer vraag ik opnieuw om aan te melden.' },
      { example: 'vergeet', description: 'In onze persoonlijke chat: verwijder alles wat ik ervoor bewaar (instellingen, meldingen, uw recente klanten).' },
      { example: 'help', description: 'Dit overzicht.' },
    ],
    tryIt: 'Probeer: gebruik voor Contoso',
  },

  customerChoice: {
    title: (query, count) => `${integer(count)} klanten komen overeen met "${query}"`,
    hint: 'Welke bedoelt u?',
    more: (hidden) => `…en nog ${integer(hidden)}. Typ een groter deel van de naam om de lijst te verkleinen.`,
  },

  sharedUsage: {
    title: (customerName) => `Licentiegebruik: ${customerName}`,
    explanation:
      'Iedereen ziet deze klant met de eigen Partner Center-toegang, dus uw eigen weergave opent hier voor u. Gebeurt dat niet, gebruik dan de knop.',
    showMine: 'Mijn weergave tonen',
  },

  forget: {
    done: 'Klaar: ik heb alles verwijderd wat ik voor deze chat bewaarde: de instellingen, meldingen en meldingsgeschiedenis, uw wachtende opdracht en uw recente klanten.',
    notPersonal:
      'Wat ik hier bewaar, is van iedereen in dit gesprek, dus ik vergeet het pas als ik eruit word verwijderd. Verwijder mij, of vraag het de beheerder die mij draait; in onze persoonlijke chat verwijdert vergeet uw eigen gegevens.',
  },

  messageExtension: {
    typeToSearch: 'Typ de bedrijfsnaam, het domein of de klant-id van een klant.',
    noMatch: (query) => `Geen naam, domein of id van een klant begint met "${query}". Controleer de spelling, of probeer het domein of de klant-id.`,
    slow: 'Partner Center doet er lang over om te antwoorden. Typ zo meteen opnieuw.',
    lowest: (workloadName, percent) => `Laagste: ${workloadName} ${formatPercent(percent)}`,
    noUsage: 'Nog geen gebruiksgegevens',
    signIn: 'Meld u aan om uw klanten te zoeken',
    unknownCommand: 'Deze zoekopdracht bestaat niet meer. Vraag uw Teams-beheerder de app bij te werken.',
  },

  usageCard: {
    title: (customerName) => `Licentiegebruik: ${customerName}`,
    dataDate: (date) => `Partner Center-gegevens van ${date}`,
    noDataDate: 'Partner Center heeft niet aangegeven wanneer deze gegevens zijn verwerkt',
    readAt: (time) => `opgehaald om ${time}`,
    verdict: (low, measured, threshold) =>
      `${integer(low)} van ${integer(measured)} workloads onder ${integer(threshold)} %`,
    allHealthy: (measured, threshold) =>
      `Alle ${integer(measured)} workloads zitten op of boven ${integer(threshold)} %`,
    noData: 'Nog geen gebruiksgegevens. Partner Center heeft geen gebruiksgegevens voor deze klant; bij nieuwe abonnementen kan het een paar dagen duren voordat die verschijnen.',
    lowHeading: 'Laag gebruik',
    healthyHeading: (count) => `Goed gebruikte workloads (${integer(count)})`,
    unlicensedHeading: (count) => `Zonder gekwalificeerde licenties (${integer(count)})`,
    activeOfQualified: (active, qualified) =>
      `${integer(active)} van ${integer(qualified)} licenties actief`,
    noLicenses: 'geen licenties',
    showHealthy: 'Goed gebruikte workloads tonen',
    hideHealthy: 'Goed gebruikte workloads verbergen',
    nextStepsHeading: 'Volgende stappen',
    chartTitle: 'Gebruik per workload (%)',
    refresh: 'Vernieuwen',
    showAll: 'Alle workloads tonen',
    showOnlyLow: 'Alleen lage workloads',
    changeThreshold: 'Drempel wijzigen',
    thresholdLabel: 'Workloads onder dit percentage (1–99) gelden in deze chat als laag',
    applyThreshold: 'Toepassen',
    nextStep: (workloadName) =>
      nextSteps[workloadName.trim().toLowerCase()] ?? 'vraag de klant hoe ze deze workload nu gebruiken',
    more: (hidden) => `…en nog ${integer(hidden)}`,
  },

  renewals: renewalsNl,

  alerts: {
    subscribed: (customerName, threshold, follows) =>
      `Meldingen aan: ik post hier wanneer ${customerName ? `een workload van **${customerName}**` : 'een workload van een van je klanten'} onder **${integer(threshold)} %** zakt${follows ? ' (de drempel van deze chat)' : ''}. Typ **meldingen** om ze te zien, **meldingen uit** om te stoppen.`,
    updated: (customerName, threshold, follows) =>
      `Meldingen voor ${customerName ? `**${customerName}**` : 'al je klanten'} gaan nu af onder **${integer(threshold)} %**${follows ? ' (de drempel van deze chat)' : ''}.`,
    sharedNotice: 'Iedereen in dit gesprek ziet de cijfers in deze meldingen.',
    unsubscribed: (customerName) =>
      customerName ? `Meldingen voor **${customerName}** staan uit in deze chat.` : 'Alle meldingen staan uit in deze chat.',
    muted: (customerName) =>
      `Gedempt: geen meldingen meer over **${customerName}** hier. Met **meldingen aan voor ${customerName}** zet je ze weer aan.`,
    nothingToUnsubscribe: 'Er stonden hier geen meldingen aan.',
    resumed: (count) => `Meldingen hervat (${integer(count)}).`,
    nothingToResume: 'Geen van je meldingen hier is gepauzeerd.',
    invalidThreshold: () => 'Een meldingsdrempel is een heel percentage van 1 tot 99, bijvoorbeeld **meldingen aan onder 20%**.',
    missingCustomer: () => 'Welke klant? Bijvoorbeeld **meldingen aan voor Contoso**, of **meldingen aan** voor al je klanten.',
    invalid: () => 'Probeer **meldingen aan**, **meldingen aan voor Contoso onder 20%**, **meldingen uit** of **meldingen**.',

    listTitle: 'Meldingen in dit gesprek',
    listEmpty: 'Hier staan nog geen meldingen aan. Typ **meldingen aan** om te horen wanneer het gebruik daalt.',
    allCustomers: 'Alle klanten',
    below: (threshold, follows) => `onder ${integer(threshold)} %${follows ? ' (de drempel van deze chat)' : ''}`,
    subscribedBy: (name, date) => `door ${name}, ${date}`,
    lastRun: (date, outcome) =>
      `laatst gecontroleerd ${date}: ${{ sent: 'meldingen verstuurd', quiet: 'niets nieuws', failed: 'controle mislukt', paused: 'gepauzeerd' }[outcome]}`,
    neverRun: 'nog niet gecontroleerd',
    status: (status) => ({ active: 'actief', paused: 'gepauzeerd: opnieuw aanmelden nodig', inactive: 'gestopt: ik kan hier niet meer posten' })[status],
    mutedCustomers: (count) => `${integer(count)} klant${count === 1 ? '' : 'en'} gedempt`,
    listHint: 'meldingen uit voor {klant} stopt er één; meldingen uit stopt alles.',

    subscribeAction: 'Meld het als het gebruik daalt',
  },

  alertCard: {
    title: (customerName) => `Laag gebruik: ${customerName}`,
    summary: (count, threshold) =>
      `${integer(count)} workload${count === 1 ? '' : 's'} onder ${integer(threshold)} %`,
    workloadLine: (workloadName, productName) => `${workloadName} (${productName})`,
    figures: (percent, active, qualified) =>
      `${decimal(percent)} % · ${integer(active)} van ${integer(qualified)} licenties actief`,
    newFinding: 'nieuw',
    worse: (points, previous) => `${decimal(points)} punten gedaald sinds de vorige melding (${decimal(previous)} %)`,
    lowAgain: 'weer laag na herstel',
    openUsage: 'Gebruikskaart openen',
    mute: (customerName) => `${customerName} dempen`,
    digestTitle: (customerCount) => `Laag gebruik bij ${integer(customerCount)} klanten`,
    digestSummary: (alertCount, customerCount) =>
      `${integer(alertCount)} workloads bij ${integer(customerCount)} klanten zakten onder hun drempel. De laagste eerst:`,
    digestHint: 'Kies een regel om de gebruikskaart van die klant te openen.',
    more: (hidden) => `…en nog ${integer(hidden)}`,
    pausedTitle: 'Meldingen gepauzeerd',
    pausedText: (subscriberName, customers) =>
      `${subscriberName}, ik kan Partner Center niet meer als jou lezen voor de meldingen hier (${customers}). Meld je opnieuw aan om ze te hervatten.`,
    pausedGreeting: 'Hallo',
    resume: 'Aanmelden en hervatten',
  },

  report: nlReport,
  trend: nlTrend,
  export: nlExport,
  tuning: nlTuning,
  progress: {
    lookingUp: (customer) => `${customer} opzoeken…`,
    readingUsage: (customer) => `Licentiegebruik van ${customer} lezen…`,
    scanPage: (page, pages) => (pages ? `Partner Center lezen, pagina ${integer(page)} van ${integer(pages)}…` : `Partner Center lezen, pagina ${integer(page)}…`),
    refreshing: 'Vernieuwen…',
    stillWorking: 'Ik werk nog aan die vraag: het antwoord volgt hier.',
    busy: 'Ik beantwoord op dit moment veel vragen. Vraag het over een minuut opnieuw.',
    interrupted: 'Sorry, uw antwoord is onderbroken omdat de bot opnieuw opstart. Vraag het over een minuut opnieuw.',
  },
};
