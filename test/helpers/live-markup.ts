/**
 * What Teams would render live in a message from the bot: a markdown link or image, a mention, an HTML
 * tag, or a template field the card renderer would refuse. A backslash makes the next character
 * literal, so escaped characters are blanked before looking.
 */
export function liveMarkup(text: string): string[] {
  let literal = '';
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\' && i + 1 < text.length) {
      literal += '  ';
      i += 1;
    } else {
      literal += text[i];
    }
  }
  const found: string[] = [];
  if (/\]\s*[([]/.test(literal)) found.push('markdown link');
  if (/!\[/.test(literal)) found.push('markdown image');
  if (/<\s*at\b/i.test(literal)) found.push('mention');
  if (/<\s*\/?\s*[a-z!?]/i.test(literal)) found.push('HTML tag');
  if (/<[a-z][a-z0-9+.-]*:/i.test(literal)) found.push('autolink');
  if (/\$\{/.test(literal)) found.push('template field');
  return found;
}
