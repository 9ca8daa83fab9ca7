import type { PageLanguage } from '../accept-language';
import { enPages } from './en';
import { nlPages } from './nl';
import type { LegalPages } from './page-text';

export type { LegalPages, PageText, PageSection } from './page-text';

export function legalPagesFor(language: PageLanguage): LegalPages {
  return language === 'nl' ? nlPages : enPages;
}
