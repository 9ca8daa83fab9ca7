import type { LicenceFunnel, ProductFunnel } from '../core/subscriptions/funnel';
import { isOverUsed } from '../core/usage/analyse-usage';
import type { Messages } from '../i18n/messages';
import type { MissingPart, MissingReason } from '../i18n/renewal-messages';
import { MAX_NAME_LENGTH } from './adaptive-card';
import { escapeMarkdown, joinSafeMarkdown, type SafeMarkdown } from './escape-markdown';

/** What the usage card shows of the subscription side: the funnel per product, and what could not be read. */
export interface FunnelView {
  funnel: LicenceFunnel;
  missing: ReadonlyArray<{ part: MissingPart; reason: MissingReason }>;
}

/** How much of the funnel a card shows; the usage card shrinks these when the card would be too big. */
export interface FunnelLimits {
  products: number;
  renewalsPerProduct: number;
}

export const DEFAULT_FUNNEL_LIMITS: FunnelLimits = { products: 8, renewalsPerProduct: 3 };
const MAX_WORKLOADS_PER_LINE = 6;
const MAX_UNMATCHED_NAMES = 5;

/**
 * The template data of the usage card's funnel section (`funnel*` keys only, so the rest of the card
 * is untouched). Every name from Partner Center goes through escapeMarkdown.
 */
export function funnelSection(view: FunnelView | undefined, messages: Messages, limits: FunnelLimits = DEFAULT_FUNNEL_LIMITS): object {
  if (!view) return { hasFunnel: false };
  const text = messages.renewals;
  const products = view.funnel.products.slice(0, limits.products);
  const hidden = view.funnel.products.length - products.length;
  const notes = [
    ...view.missing.map(({ part, reason }) => text.missing(part, reason)),
    ...(view.funnel.unmatched.bought.length > 0 ? [text.unmatchedBought(names(view.funnel.unmatched.bought))] : []),
    ...(view.funnel.unmatched.usage.length > 0 ? [text.unmatchedUsage(names(view.funnel.unmatched.usage))] : []),
  ];
  return {
    hasFunnel: products.length > 0 || notes.length > 0,
    funnelHeading: text.funnelHeading,
    funnelProducts: products.map((product) => productRow(product, messages, limits.renewalsPerProduct)),
    hasFunnelMore: hidden > 0,
    funnelMore: messages.usageCard.more(hidden),
    funnelNotes: notes.map((note) => ({ note })),
  };
}

function productRow(product: ProductFunnel, messages: Messages, renewalsShown: number) {
  const text = messages.renewals;
  const measured = product.workloads.slice(0, MAX_WORKLOADS_PER_LINE);
  const renewals = product.renewals.slice(0, renewalsShown);
  return {
    product: escapeMarkdown(product.productName, { maxLength: MAX_NAME_LENGTH }),
    figures: text.funnel(product.bought, product.assigned, product.unassigned),
    hasUnassigned: (product.unassigned ?? 0) > 0,
    active: text.active(
      measured.map((w) => text.workloadActive(escapeMarkdown(w.workloadName, { maxLength: 60 }), w.licensesActive, w.usagePercent, isOverUsed(w))),
    ),
    renewals: renewals.map((renewal) => ({ line: text.renewal(renewal) })),
    hasRenewalsMore: product.renewals.length > renewals.length,
    renewalsMore: messages.usageCard.more(product.renewals.length - renewals.length),
  };
}

function names(list: readonly string[]): SafeMarkdown {
  const shown = list.slice(0, MAX_UNMATCHED_NAMES).map((name) => escapeMarkdown(name, { maxLength: 80 }));
  return joinSafeMarkdown(list.length > shown.length ? [...shown, escapeMarkdown('…')] : shown, ', ');
}
