import type { Messages } from '../i18n/messages';
import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { renderTemplate } from './render-template';
import template from './templates/help-card.json';

/**
 * The answer to `help`: what the bot does and the commands it understands. Every line is our own
 * text from Messages, so nothing here needs markdown escaping.
 */
export function buildHelpCard(messages: Messages): AdaptiveCard {
  return asAdaptiveCard(renderTemplate(template, messages.help));
}
