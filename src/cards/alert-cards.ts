import type { AlertCards } from '../alerts/ports';
import { buildAlertCard } from './alert-card';
import { buildAlertDigestCard } from './alert-digest-card';
import { buildAlertsPausedCard } from './alerts-paused-card';

/** The cards an alert pass posts, drawn with the bot's Adaptive Card templates. */
export function alertCards(): AlertCards {
  return {
    compose(plan, messages) {
      switch (plan.kind) {
        case 'none':
          return [];
        case 'per-customer':
          // A customer without findings has nothing to say; a card for it would only be noise.
          return plan.customers.filter((customer) => customer.alerts.length > 0).map((customer) => buildAlertCard(customer, messages));
        case 'digest':
          return plan.digest.entries.length > 0 ? [buildAlertDigestCard(plan.digest, messages)] : [];
      }
    },
    signInAgain(paused, messages) {
      return buildAlertsPausedCard(paused, messages);
    },
  };
}
