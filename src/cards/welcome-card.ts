import type { Messages } from '../i18n/messages';
import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { renderTemplate } from './render-template';
import template from './templates/welcome-card.json';

/**
 * The first thing a person sees after installing the bot: what it does, that it reads Partner Center
 * with their own rights, and a box to ask for a first customer straight away. The button sends
 * `{ command: 'usage for', argument: <typed text> }`; the Teams adapter joins the two.
 */
export function buildWelcomeCard(messages: Messages): AdaptiveCard {
  return asAdaptiveCard(renderTemplate(template, { ...messages.welcome, usageCommand: 'usage for' }));
}
