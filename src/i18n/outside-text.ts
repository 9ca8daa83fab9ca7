// Brands, so the compiler refuses raw outside text wherever a sentence is formed: Messages takes what
// a user typed or Partner Center or Teams returned only as SafeMarkdown (or SafePlainText for button
// titles), and only the escaping function (src/cards/escape-markdown.ts) makes those. A caller that
// forgets to escape does not compile. The types live here so i18n needs nothing from src/cards.
declare const literal: unique symbol;

/** Outside text made literal for markdown (chat messages, TextBlocks, FactSets). Made by escapeMarkdown only. */
export type SafeMarkdown = string & { readonly [literal]: 'markdown' };

/** Outside text cleaned for places that do not render markdown (button titles). Made by plainText only. */
export type SafePlainText = string & { readonly [literal]: 'plain' };
