import type { ExportTexts, ReportTexts, TrendTexts, TuningTexts } from './report-messages';
import { formatsFor } from './formats';

const { integer, decimal } = formatsFor('nl-NL');
const shortDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const plural = (count: number, one: string, many: string) => `${integer(count)} ${count === 1 ? one : many}`;

export const nlReport: ReportTexts = {
  progressPage: (page, pages) => (pages ? `Partner Center lezen, pagina ${integer(page)} van ${integer(pages)}…` : `Partner Center lezen, pagina ${integer(page)}…`),
  progressCustomers: (done, total) => `Partner Center lezen, klant ${integer(done)} van ${integer(total)}…`,
  title: (filter) => {
    switch (filter.kind) {
      case 'all':
        return 'Overzicht gebruik: alle klanten';
      case 'workload':
        return `Overzicht gebruik: ${filter.workload}`;
      case 'below':
        return `Overzicht gebruik: onder ${integer(filter.threshold)} %`;
      case 'renewing':
        return `Overzicht gebruik: verlenging binnen ${plural(filter.days, 'dag', 'dagen')}`;
      case 'drops':
        return 'Overzicht gebruik: grootste dalers';
    }
  },
  summary: (withLow, matched, threshold) => `${integer(withLow)} van ${plural(matched, 'klant', 'klanten')} met een workload onder ${integer(threshold)} %, meeste licenties in gevaar eerst`,
  summaryDrops: (count) => `${plural(count, 'klant', 'klanten')} gedaald sinds de vorige gegevensdatum, grootste daling eerst`,
  lowest: (workloadName, percent) => `laagste: ${workloadName} ${percent}`,
  lowCount: (low, measured) => `${integer(low)} van ${plural(measured, 'workload', 'workloads')} laag`,
  seatsAtRisk: (seats) => `${plural(seats, 'licentie', 'licenties')} in gevaar`,
  unassigned: (seats) => `${plural(seats, 'niet-toegewezen licentie', 'niet-toegewezen licenties')}`,
  renewsIn: (days) => (days === 0 ? 'wordt vandaag verlengd' : `verlenging over ${plural(days, 'dag', 'dagen')}`),
  drop: (workloadName, from, to, points, since) => `${workloadName}: ${from} → ${to}, ${decimal(points)} punten gedaald sinds ${since}`,
  chartTitle: 'Licenties in gevaar',
  chartTitleDrops: 'Punten gedaald sinds de vorige gegevensdatum',
  more: (hidden) => `…en nog ${plural(hidden, 'klant', 'klanten')}`,
  hint: 'Kies een klant om diens gebruikskaart te openen.',
  openUsage: 'Gebruikskaart openen',
  empty: (filter, scanned) => {
    if (scanned === 0) return 'Partner Center toont voor uw account geen klanten met gebruiksgegevens.';
    switch (filter.kind) {
      case 'workload':
        return `Geen van uw ${plural(scanned, 'klant', 'klanten')} heeft een workload "${filter.workload}". Probeer Exchange, SharePoint, OneDrive, Teams of Intune.`;
      case 'below':
        return `Geen klant heeft een workload onder ${integer(filter.threshold)} %.`;
      case 'renewing':
        return `Geen klant heeft een abonnement dat binnen ${plural(filter.days, 'dag', 'dagen')} wordt verlengd.`;
      case 'drops':
        return 'Geen klant is gedaald sinds de vorige gegevensdatum. Een daling vraagt twee gegevensdatums van Partner Center; ik onthoud elke datum die ik lees.';
      case 'all':
        return 'Partner Center toont voor uw account geen klanten met gebruiksgegevens.';
    }
  },
  renewalsUnavailable: 'Filteren op verlenging kan nog niet: ik lees nog geen verlengingsdatums van abonnementen uit Partner Center. Probeer **overzicht** of **overzicht onder 20%**.',
  invalid: (reason) =>
    ({
      threshold: 'Een drempel voor het overzicht is een heel percentage van 1 tot 99, bijvoorbeeld **overzicht onder 20%**.',
      days: 'Een verlengingsperiode is een heel aantal dagen van 1 tot 365, bijvoorbeeld **overzicht verlengt binnen 30 dagen**.',
      workload: 'Welke workload? Bijvoorbeeld **overzicht voor Teams**.',
      words: 'Probeer **overzicht**, **overzicht voor Teams**, **overzicht onder 20%**, **overzicht verlengt binnen 30 dagen** of **overzicht dalers**.',
    })[reason],
  sharedTitle: (filter) => nlReport.title(filter),
  sharedExplanation: 'Iedereen ziet de eigen klanten via de eigen toegang tot Partner Center, dus uw eigen overzicht opent hier voor u. Gebeurt dat niet, gebruik dan de knop.',
  showMine: 'Mijn overzicht tonen',
  refresh: 'Vernieuwen',
};

export const nlTrend: TrendTexts = {
  change: (points, since) =>
    points === 0 ? `onveranderd sinds ${since}` : `${decimal(Math.abs(points))} punt${Math.abs(points) === 1 ? '' : 'en'} ${points < 0 ? 'gedaald' : 'gestegen'} sinds ${since}`,
  chartTitle: 'Lage workloads door de tijd (%)',
  shortDate: (date) => shortDate.format(new Date(`${date}T00:00:00Z`)),
};

export const nlExport: ExportTexts = {
  offered: 'Accepteer het bestand hieronder, dan zet ik het in uw OneDrive.',
  download: 'Downloaden als CSV',
  personalOnly: 'Bestanden kan ik alleen in onze persoonlijke chat sturen: open een chat met mij en vraag het daar.',
  consentDescription: (what) => `${what}, als CSV-bestand voor Excel`,
  reportFileName: 'overzicht-gebruik',
  usageFileName: (customerName) => `gebruik-${customerName}`,
  columns: ['Klant', 'Klant-id', 'Productnaam', 'Workloadnaam', 'Actieve licenties', 'Gekwalificeerde licenties', 'Gebruik %', 'Toestand', 'Drempel %', 'Gegevensdatum', 'Verandering (punten)', 'Sinds', 'Licenties in gevaar'],
  status: (status) => ({ low: 'laag', healthy: 'gezond', 'no-licenses': 'geen licenties' })[status],
  uploadFailed: 'Het uploaden van het bestand naar uw OneDrive is mislukt. Probeer het opnieuw.',
  expired: 'Die download is niet meer beschikbaar. Vraag de kaart opnieuw op.',
};

export const nlTuning: TuningTexts = {
  tune: 'Meldingen aanpassen',
  menuTitle: (customerName) => `Meldingen aanpassen: ${customerName}`,
  menuSent: 'De keuzes voor deze klant staan in de kaart hieronder.',
  openUsage: 'Gebruikskaart openen',
  snooze: (days) => `Klant ${days} dagen sluimeren`,
  ignoreProduct: (productName) => `${productName} hier negeren`,
  customerThreshold: 'Drempel voor deze klant',
  thresholdLabel: 'Melden voor deze klant onder dit percentage (1–99), in dit gesprek',
  apply: 'Toepassen',
  undo: 'Ongedaan maken',
  snoozed: (customerName, days, until) => `Gesluimerd: hier ${plural(days, 'dag', 'dagen')} geen meldingen over **${customerName}** (tot ${until}).`,
  ignored: (customerName, productName) => `Genegeerd: hier geen meldingen meer over **${productName}** bij **${customerName}**.`,
  thresholdSet: (customerName, threshold) => `Meldingen over **${customerName}** komen hier nu onder **${integer(threshold)} %**.`,
  undone: (customerName) => `Ongedaan gemaakt: de meldingen over **${customerName}** zijn hier weer zoals ze waren.`,
  unsnoozed: (customerName) => `Meldingen over **${customerName}** sluimeren hier niet meer.`,
  unignored: (customerName, productName) => `Meldingen over **${productName}** bij **${customerName}** staan hier weer aan.`,
  thresholdCleared: (customerName) => `Meldingen over **${customerName}** volgen hier weer de drempel van het abonnement.`,
  invalidThreshold: 'Een meldingsdrempel voor een klant is een heel percentage van 1 tot 99, bijvoorbeeld **meldingen drempel voor Contoso 20**.',
  doneTitle: 'Meldingen aangepast',
  listHeading: 'Aangepast vanaf meldingskaarten',
  listSnoozed: (customerName, until) => `${customerName}: gesluimerd tot ${until}`,
  listIgnored: (customerName, productName) => `${customerName}: ${productName} genegeerd`,
  listThreshold: (customerName, threshold) => `${customerName}: onder ${integer(threshold)} %`,
};
