import fc from 'fast-check';

const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
const piece = fc.oneof(
  word,
  word.map((w) => `[${w}](https://evil.example/${w})`),
  word.map((w) => `![${w}](https://evil.example/${w}.png)`),
  word.map((w) => `[${w}][1]\n\n[1]: https://evil.example/${w}`),
  word.map((w) => `<https://evil.example/${w}>`),
  word.map((w) => `<at>${w}</at>`),
  word.map((w) => `<a href="https://evil.example/${w}">${w}</a>`),
  word.map((w) => `<img src="https://evil.example/${w}.png">`),
  word.map((w) => `\${${w}}`),
  word.map((w) => `\\[${w}\\](https://evil.example)`),
  fc.constantFrom('\u0000', '\u0007', '\u001b[31m', '\u202e', '\r\n', '\t', '\u2028', '\\', '**', '_', '`', '#', '- ', '1. ', '|', '~~', '&lt;at&gt;'),
  fc.string({ maxLength: 6, unit: 'grapheme' }),
);
/** Text a hostile user types, or a hostile name Partner Center or Teams returns. */
export const hostileText = fc.array(piece, { minLength: 1, maxLength: 5 }).map((pieces) => pieces.join(''));
