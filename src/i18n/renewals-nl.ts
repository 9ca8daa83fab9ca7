import type { Term } from '../core/subscriptions/renewal';
import { formatsFor } from './formats';
import type { RenewalMessages } from './renewal-messages';

const { integer, formatPercent, formatDate } = formatsFor('nl-NL');

const terms: Record<Term, string> = {
  monthly: 'maandelijks',
  annual: 'jaarlijks',
  'three-year': 'driejarig',
  other: 'andere looptijd',
  unknown: 'looptijd niet vermeld',
};

const unknown = '?';
const count = (value: number | null) => (value === null ? unknown : integer(value));
const inDays = (days: number) => (days === 0 ? 'vandaag' : days === 1 ? 'morgen' : `over ${integer(days)} dagen`);
const date = (day: string) => formatDate(`${day}T00:00:00Z`);

export const renewalsNl: RenewalMessages = {
  funnelHeading: 'Gekocht, toegewezen, gebruikt',
  funnel: (bought, assigned, unassigned) => `Gekocht ${count(bought)} · toegewezen ${count(assigned)} · niet toegewezen ${count(unassigned)}`,
  active: (items) => `Actief: ${items.join(', ')}`,
  workloadActive: (workloadName, active, percent, overUsed) =>
    `${workloadName} ${integer(active)}${percent === null ? '' : ` (${formatPercent(percent)}${overUsed ? ', overbenut' : ''})`}`,
  overUsed: 'overbenut',
  renewal: (facts) => {
    const parts: string[] = [];
    if (facts.endDate !== null && facts.daysLeft !== null) parts.push(`Verlengt op ${date(facts.endDate)}, ${inDays(facts.daysLeft)}`);
    else parts.push('Geen verlengdatum');
    parts.push(`${terms[facts.term]}, ${integer(facts.seats)} licenties`);
    if (facts.autoRenew !== undefined) parts.push(facts.autoRenew ? 'automatisch verlengen aan' : 'automatisch verlengen uit');
    if (facts.trial) parts.push('**proefversie**');
    if (facts.suspended) parts.push('**opgeschort**');
    if (facts.term === 'monthly') parts.push('licenties kunnen aan het eind van elke maand omlaag');
    else if ((facts.term === 'annual' || facts.term === 'three-year') && facts.endDate !== null) parts.push(`licenties kunnen alleen bij verlenging omlaag, tot ${date(facts.endDate)}`);
    return parts.join(' · ');
  },
  unmatchedBought: (names) => `Gekocht, maar niet in de gebruiksgegevens: ${names}`,
  unmatchedUsage: (names) => `In de gebruiksgegevens, maar geen abonnement of SKU met die naam: ${names}`,
  missing: (part, reason) =>
    part === 'subscriptions'
      ? reason === 'no-access'
        ? 'Verlengingen ontbreken: uw Partner Center-rol kan geen abonnementen lezen (Admin agent of Sales agent wel).'
        : 'Verlengingen ontbreken: Partner Center gaf zojuist geen antwoord over abonnementen.'
      : reason === 'no-access'
        ? 'Toegewezen licenties ontbreken: uw toegang kan de licenties van de klant niet lezen (een GDAP-rol zoals Directory Reader, Global Reader of License Administrator wel).'
        : 'Toegewezen licenties ontbreken: Partner Center gaf zojuist geen antwoord over de licenties van de klant.',

  title: (withinDays) => `Verlengingen in de komende ${integer(withinDays)} dagen`,
  summary: (count, withinDays) => `${integer(count)} ${count === 1 ? 'abonnement loopt' : 'abonnementen lopen'} binnen ${integer(withinDays)} dagen af, meeste risico eerst`,
  none: (withinDays) =>
    `Geen jaar- of meerjarig abonnement van uw klanten loopt binnen ${integer(withinDays)} dagen af, en geen maandabonnement heeft ongebruikte licenties of laag gebruik.`,
  invalidDays: () => 'Geef aan hoeveel dagen vooruit, een heel getal van 1 tot 365: bijvoorbeeld **verlengingen binnen 60 dagen**.',
  productLine: (productName, seats) => `${productName} · ${integer(seats)} licenties`,
  dateLine: (endDate, daysLeft, term) => `${date(endDate)}, ${inDays(daysLeft)} · ${terms[term]}`,
  figuresLine: (share, lowest) =>
    `${share === null ? 'toegewezen: onbekend' : `${formatPercent(Math.round(share * 1000) / 10)} toegewezen`} · ${
      lowest === null ? 'geen gebruiksgegevens' : `laagste: ${lowest.workloadName} ${formatPercent(lowest.percent)}`
    }`,
  more: (hidden) => `…en nog ${integer(hidden)}`,
  openUsage: 'Gebruik openen',
  hint: 'Kies een regel om de gebruikskaart van die klant te openen.',
  partial: (customers) => `${integer(customers)} ${customers === 1 ? 'klant kon' : 'klanten konden'} niet volledig worden gelezen; wat u ziet kan onvolledig zijn.`,
  sharedTitle: (withinDays) => `Verlengingen in de komende ${integer(withinDays)} dagen`,
  sharedExplanation: 'Iedereen ziet de verlengingen van de klanten die de eigen Partner Center-toegang toestaat. Kies de knop om de uwe te zien.',
  showMine: 'Mijn verlengingen tonen',
  progressPage: (page, pages) => `Abonnementen lezen, pagina ${integer(page)}${pages === undefined ? '' : ` van ${integer(pages)}`}…`,
  progressCustomers: (done, total) => `Abonnementen lezen, klant ${integer(done)} van ${integer(total)}…`,
  progressDetails: (done, total) => `Licenties en gebruik lezen, klant ${integer(done)} van ${integer(total)}…`,

  warningTitle: (customerName) => `Verlenging op komst: ${customerName}`,
  warningDigestTitle: (count) => `${integer(count)} verlengingen op komst met ongebruikte licenties of laag gebruik`,
  warningReason: (unassigned, lowest, threshold) => {
    const parts: string[] = [];
    if (unassigned !== null && unassigned > 0) parts.push(`${integer(unassigned)} licenties niet toegewezen`);
    if (lowest !== null && lowest.percent < threshold) parts.push(`${lowest.workloadName} op ${formatPercent(lowest.percent)} (onder ${integer(threshold)} %)`);
    return parts.join(' · ');
  },
};
