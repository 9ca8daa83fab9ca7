import type * as restify from 'restify';
import { pageLanguageFor, type PageLanguage } from '../i18n/accept-language';
import { legalPagesFor, type LegalPages, type PageText } from '../i18n/pages';

type PageName = keyof LegalPages;

/** Everything a page needs is inline; nothing else may load (no scripts, images or frames). */
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * GET /privacy and /terms: the privacy statement and terms of use the Teams manifest links to, which a
 * Teams admin reads before approving the app. Plain HTML, English or Dutch by Accept-Language;
 * `?lang=nl` (or `en`) picks one explicitly, for the link to the other language.
 */
export function mountLegalPages(server: restify.Server): void {
  for (const name of ['privacy', 'terms'] as const) {
    const handler = async (req: restify.Request, res: restify.Response) => {
      const asked = new URL(req.url ?? '/', 'http://bot.invalid').searchParams.get('lang');
      const language: PageLanguage = asked === 'en' || asked === 'nl' ? asked : pageLanguageFor(req.headers['accept-language']);
      const body = renderPage(name, language);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Language': language,
        'Content-Length': Buffer.byteLength(body),
        Vary: 'Accept-Language',
        'Cache-Control': 'public, max-age=3600',
        ...SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    server.get(`/${name}`, handler);
    server.head(`/${name}`, handler);
  }
}

const rendered = new Map<string, string>();

/** The page as HTML; each of the four is rendered once. */
export function renderPage(name: PageName, language: PageLanguage): string {
  const key = `${name}/${language}`;
  let html = rendered.get(key);
  if (html === undefined) {
    html = toHtml(legalPagesFor(language)[name], name, language);
    rendered.set(key, html);
  }
  return html;
}

function toHtml(page: PageText, name: PageName, language: PageLanguage): string {
  const sections = page.sections.map((section) => {
    const paragraphs = (section.paragraphs ?? []).map((text) => `<p>${inline(text)}</p>`).join('\n');
    const items = section.items?.length
      ? `<dl>\n${section.items.map((item) => `<dt>${inline(item.term)}</dt><dd>${inline(item.text)}</dd>`).join('\n')}\n</dl>`
      : '';
    return `<section>\n<h2>${inline(section.heading)}</h2>\n${paragraphs}${items}\n</section>`;
  });
  return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#242424}dt{font-weight:600;margin-top:.8rem}dd{margin-left:0}code{background:#f0f0f0;padding:0 .2rem}</style>
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
${page.intro.map((text) => `<p>${inline(text)}</p>`).join('\n')}
${sections.join('\n')}
<p><a href="/${name}?lang=${page.otherLanguage.lang}" hreflang="${page.otherLanguage.lang}" lang="${page.otherLanguage.lang}">${escapeHtml(page.otherLanguage.label)}</a></p>
</main>
</body>
</html>
`;
}

/** Escaped text, with `backticks` shown as code. */
function inline(text: string): string {
  return text
    .split('`')
    .map((part, index) => (index % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
