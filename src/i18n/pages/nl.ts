import type { LegalPages } from './page-text';

export const nlPages: LegalPages = {
  privacy: {
    title: 'CSP Usage-bot: privacyverklaring',
    intro: [
      'De CSP Usage-bot wordt beheerd door de Microsoft-cloudpartner in wiens Teams u hem gebruikt (de beheerder). Hij leest Partner Center als de persoon die iets vraagt, met diens eigen Partner Center-rechten, en toont het antwoord in Teams.',
      'Op deze pagina staat wat de bot bewaart, waar, hoe lang, en hoe het wordt verwijderd.',
    ],
    sections: [
      {
        heading: 'Wat de bot leest zonder het te bewaren',
        paragraphs: [
          'Namen, domeinen en licentiegebruik van klanten komen bij elke vraag uit Partner Center en gaan in het antwoord in Teams. De bot bewaart ze niet, behalve de gebruiksgeschiedenis en de meldingsstatus die hieronder staan.',
        ],
      },
      {
        heading: 'Wat de bot bewaart, en hoe lang',
        items: [
          { term: 'Gespreksinstellingen', text: 'De eigen keuzes van een chat of kanaal, zoals de drempel voor laag gebruik. Bewaard tot de bot uit dat gesprek wordt verwijderd, of tot in een persoonlijke chat `vergeet` wordt getypt.' },
          { term: 'Gespreksverwijzingen', text: 'Het adres dat Teams de bot geeft voor een chat of kanaal (ids van gesprek, tenant en bot, het adres van de Teams-dienst), zodat meldingen daar kunnen worden geplaatst. Bijgewerkt bij elk bericht; verwijderd als de bot wordt verwijderd of bij `vergeet`.' },
          { term: 'Meldingsabonnementen', text: 'Welke meldingen een gesprek krijgt: voor welke klant, onder welke drempel, wie ze aanzette (Teams-id en weergavenaam), hun status en laatste controle. Bewaard tot `meldingen uit` of `vergeet`. Als de bot uit een gesprek wordt verwijderd, worden ze gestopt maar bewaard, zodat opnieuw installeren laat zien wat er was; de beheerder kan ze verwijderen.' },
          { term: 'Meldingsstatus', text: 'Per gesprek met meldingen: welke workloads bij welk percentage zijn gemeld, en de kaarten die nog geplaatst moeten worden, zodat niets twee keer wordt geplaatst. Bewaard zolang de meldingen van het gesprek; verwijderd bij `vergeet`.' },
          { term: 'Gebruiksgeschiedenis', text: 'Momentopnamen van het gebruik per workload van klanten, om te laten zien hoe de adoptie verandert. Elke momentopname wordt 13 maanden bewaard en daarna verwijderd.' },
          { term: 'Recent gevraagde klanten', text: 'Per persoon de laatste paar klanten waarnaar die vroeg (id, naam, domein), die de berichtextensie als eerste toont. Oudere vallen af; verwijderd bij `vergeet`.' },
          { term: 'Wachtende opdrachten', text: 'Een opdracht die vóór het aanmelden werd getypt, zodat hij kan worden uitgevoerd zodra de aanmelding klaar is. Binnen 10 minuten gebruikt of helemaal niet; verwijderd na gebruik of bij `vergeet`.' },
          { term: 'Aanmeldadministratie', text: 'Een aantekening dat een Teams-eenmalige-aanmelding (op haar id) is afgehandeld, zodat een aanmelding die door meerdere Teams-apps wordt gestuurd één keer telt; er staat geen token in. De aanmelding zelf bewaart de Bot Framework-tokendienst van Microsoft voor de Azure Bot van de beheerder, tot u `afmelden` typt. Toegangstokens voor Partner Center staan alleen in het geheugen van de bot, tot kort voordat ze verlopen.' },
          { term: 'Logboeken', text: 'Bedrijfslogboeken met correlatie-ids, Teams- en klant-ids en foutcodes, nooit tokens. Hoe lang ze bewaard blijven, bepaalt de plek waar de beheerder de bot host.' },
        ],
      },
      {
        heading: 'Waar het wordt bewaard',
        paragraphs: [
          'In één SQLite-databasebestand in de gegevensmap van de bot (`DATA_DIR`) op de machine waarop hij draait, of, als de beheerder meerdere exemplaren draait, in Azure Blob Storage in het eigen Azure-abonnement van de beheerder. De bot stuurt niets daarvan naar zijn ontwikkelaars of naar anderen; hij roept alleen Microsoft Teams, Microsoft Entra ID en Partner Center aan.',
        ],
      },
      {
        heading: 'Hoe de gegevens van een gesprek worden verwijderd',
        items: [
          { term: 'De bot verwijderen', text: 'Als u de bot uit een persoonlijke chat, groepschat of team verwijdert, worden de instellingen en de verwijzing van dat gesprek verwijderd en stoppen de meldingen.' },
          { term: '`vergeet` in een persoonlijke chat', text: 'Verwijdert alles wat de bot voor die chat bewaart: instellingen, verwijzing, meldingsabonnementen en meldingsstatus, uw wachtende opdracht en uw recent gevraagde klanten. De bot bevestigt het in één zin. Engels: `forget`.' },
          { term: 'Kanalen en groepschats', text: 'Wat daar wordt bewaard, is van iedereen in het gesprek, dus `vergeet` verwijdert het niet: verwijder de bot uit het gesprek, of vraag het de beheerder.' },
          { term: '`afmelden`', text: 'Verwijdert uw aanmelding uit de tokendienst; de bot vraagt u de volgende keer opnieuw om u aan te melden.' },
          { term: 'Al het andere', text: 'Gebruiksgeschiedenis, logboeken, of een gesprek waar u niet meer bij kunt: vraag het de beheerder, die het uit de opslag kan verwijderen.' },
        ],
      },
      {
        heading: 'Contact',
        paragraphs: ['Vragen over deze bot en uw gegevens stelt u aan de beheerder: de partner die de bot in uw Teams beschikbaar heeft gemaakt.'],
      },
    ],
    otherLanguage: { label: 'English', lang: 'en' },
  },
  terms: {
    title: 'CSP Usage-bot: gebruiksvoorwaarden',
    intro: ['Deze voorwaarden gelden voor iedereen die de CSP Usage-bot gebruikt in Microsoft Teams of Microsoft 365 Copilot.'],
    sections: [
      {
        heading: 'Waarvoor de bot is',
        paragraphs: [
          'De beheerder (de Microsoft-cloudpartner die de bot draait) biedt hem aan zijn eigen medewerkers aan, om te zien hoe hun klanten de gekochte Microsoft 365-licenties gebruiken, zoals Partner Center dat meldt.',
        ],
      },
      {
        heading: 'Uw toegang',
        paragraphs: [
          'U gebruikt de bot met uw eigen werkaccount. Hij leest Partner Center met uw rechten en ziet nooit meer dan u mag zien. Deel wat hij toont niet met iemand die het niet mag zien: de cijfers in meldingen zijn zichtbaar voor iedereen in het gesprek dat ze krijgt.',
        ],
      },
      {
        heading: 'De cijfers',
        paragraphs: [
          'De cijfers komen ongewijzigd uit Partner Center: ze kunnen een paar dagen oud, onvolledig of onjuist zijn, en ze zijn geen factuur. Controleer ze in Partner Center voordat u erop handelt.',
        ],
      },
      {
        heading: 'Beschikbaarheid',
        paragraphs: [
          'De bot wordt geleverd zoals hij is, zonder belofte dat hij altijd beschikbaar is. Onderdelen die als preview zijn aangeduid, zoals het gebruik vanuit Microsoft 365 Copilot, kunnen veranderen of stoppen.',
        ],
      },
      {
        heading: 'Privacy en wijzigingen',
        paragraphs: [
          'De privacyverklaring op /privacy zegt wat de bot bewaart. De beheerder kan deze voorwaarden wijzigen; deze pagina toont altijd de huidige.',
        ],
      },
    ],
    otherLanguage: { label: 'English', lang: 'en' },
  },
};
