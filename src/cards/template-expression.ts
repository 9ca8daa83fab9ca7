/**
 * The small part of the Adaptive Expressions language our card templates use, parsed once per template
 * so that rendering only looks values up. Anything outside it is reported as unsupported, and the
 * template is then expanded by adaptivecards-templating itself.
 */

/** A data path: `title`, `a.b`, or from the root of the data, `$root.noLicenses`. */
export interface PathExpression {
  kind: 'path';
  fromRoot: boolean;
  segments: string[];
}

export interface NotExpression {
  kind: 'not';
  operand: PathExpression;
}

/** `if(condition, 'then', 'else')` with two string literals. */
export interface IfExpression {
  kind: 'if';
  condition: PathExpression | NotExpression;
  then: string;
  otherwise: string;
}

export type Expression = PathExpression | NotExpression | IfExpression;

/** How a template string expands: unchanged, into one expression's value (of any type), or into a string. */
export type TemplateString =
  | { kind: 'literal'; text: string }
  | { kind: 'single'; expression: Expression }
  | { kind: 'concat'; parts: Array<string | Expression> };

const IDENTIFIER = '[A-Za-z_][A-Za-z0-9_]*';
const PATH = new RegExp(`^(\\$root\\.)?(${IDENTIFIER}(?:\\.${IDENTIFIER})*)$`);
// Single-quoted literal without quotes, escapes or anything the expression language reads specially.
const STRING_LITERAL = "'([^'\\\\`${}]*)'";
const IF = new RegExp(`^if\\(\\s*(!?\\s*[$A-Za-z_][$.A-Za-z0-9_]*)\\s*,\\s*${STRING_LITERAL}\\s*,\\s*${STRING_LITERAL}\\s*\\)$`);
// The language turns these names into constants instead of looking them up.
const RESERVED_WORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'undefined']);
// Text around expressions goes through the language's string interpolation; only plain text is taken.
const PLAIN_TEXT = /^[^`\\${}]*$/;

/**
 * Parses a template string as adaptivecards-templating would split it, or returns null when it uses
 * anything beyond paths, `!path` and `if(path, 'a', 'b')`.
 */
export function parseTemplateString(text: string): TemplateString | null {
  if (!text.includes('${')) return { kind: 'literal', text };
  const parts: Array<string | Expression> = [];
  let rest = text;
  while (rest.length > 0) {
    const start = rest.indexOf('${');
    const literal = start < 0 ? rest : rest.slice(0, start);
    if (!PLAIN_TEXT.test(literal)) return null;
    if (literal) parts.push(literal);
    if (start < 0) break;
    const end = rest.indexOf('}', start);
    if (end < 0) return null;
    const expression = parseExpression(rest.slice(start + 2, end));
    if (!expression) return null;
    parts.push(expression);
    rest = rest.slice(end + 1);
  }
  const [first] = parts;
  if (parts.length === 1 && first !== undefined && typeof first !== 'string') return { kind: 'single', expression: first };
  return { kind: 'concat', parts };
}

export function parseExpression(text: string): Expression | null {
  const trimmed = text.trim();
  const conditional = IF.exec(trimmed);
  if (conditional) {
    const condition = parseCondition(conditional[1] ?? '');
    if (!condition) return null;
    return { kind: 'if', condition, then: conditional[2] ?? '', otherwise: conditional[3] ?? '' };
  }
  return parseCondition(trimmed);
}

function parseCondition(text: string): PathExpression | NotExpression | null {
  if (text.startsWith('!')) {
    const operand = parsePath(text.slice(1).trim());
    return operand ? { kind: 'not', operand } : null;
  }
  return parsePath(text);
}

function parsePath(text: string): PathExpression | null {
  const match = PATH.exec(text);
  if (!match) return null;
  const segments = (match[2] ?? '').split('.');
  if (segments.some((segment) => RESERVED_WORDS.has(segment))) return null;
  return { kind: 'path', fromRoot: match[1] !== undefined, segments };
}

/** Every name a parsed expression looks up, for the check that data keys are not told apart by case alone. */
export function namesIn(expression: Expression): string[] {
  switch (expression.kind) {
    case 'path':
      return expression.segments;
    case 'not':
      return expression.operand.segments;
    case 'if':
      return namesIn(expression.condition);
  }
}
