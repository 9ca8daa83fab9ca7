/**
 * The bot's public web pages (privacy statement, terms of use) in one language: plain structured text
 * that src/server renders as HTML. Markup stays out of here; `code` marks a command word.
 */
export interface PageText {
  title: string;
  /** Paragraphs under the title. */
  intro: readonly string[];
  sections: ReadonlyArray<PageSection>;
  /** The link to the same page in the other language. */
  otherLanguage: { label: string; lang: string };
}

export interface PageSection {
  heading: string;
  paragraphs?: readonly string[];
  /** A list of items, each a term (bold) and what is said about it. */
  items?: ReadonlyArray<{ term: string; text: string }>;
}

export interface LegalPages {
  privacy: PageText;
  terms: PageText;
}
