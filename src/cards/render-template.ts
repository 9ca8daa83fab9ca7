import { CodedError, ErrorCodes } from '../core/errors';
import { rememberCardJson } from './adaptive-card';
import { compileTemplate, type CompiledTemplate } from './template-compiler';

/**
 * Expands an Adaptive Card template with data, exactly as adaptivecards-templating does (through a
 * compiled template, template-compiler.ts). The library silently leaves an expression whose field is
 * missing in place (`${field}`); sending that to a user would show template syntax, so any `${` left in
 * the result is treated as a bug and thrown.
 */
export function renderTemplate(template: object, data: object): unknown {
  const value = compiledFor(template)(data);
  // Serialised once: the check for `${` is made on the JSON, and whoever measures or keeps the card as
  // text (fittedCard, RecentCards) takes it from cardJson.
  const json = JSON.stringify(value);
  requireBound(value, json);
  if (typeof value === 'object' && value !== null) rememberCardJson(value, json);
  return value;
}

/**
 * The expanded card, or a CodedError when a key or string in it still holds `${`. `json`, the card's
 * JSON when the caller has it: `${` can only be inside a key or a string there (JSON escapes neither
 * character), so the walk to find where runs only when it is there.
 */
export function requireBound(expanded: unknown, json?: string): unknown {
  if (json !== undefined && !json.includes('${')) return expanded;
  const unboundAt = findUnboundExpression(expanded);
  if (unboundAt !== null) {
    throw new CodedError(ErrorCodes.Internal, `Card template left an unbound expression at $${unboundAt}`);
  }
  return expanded;
}

// Templates never change, so each is compiled once, on its first use.
const compiled = new WeakMap<object, CompiledTemplate>();

function compiledFor(template: object): CompiledTemplate {
  let entry = compiled.get(template);
  if (!entry) {
    entry = compileTemplate(template);
    compiled.set(template, entry);
  }
  return entry;
}

/**
 * Where the first key or string still holding `${` is, as a JSON path relative to `value` (`''` for `value`
 * itself), or null when there is none. The path is built only on the way back from a find: the scan runs on
 * every card, the find almost never.
 */
function findUnboundExpression(value: unknown): string | null {
  if (typeof value === 'string') return value.includes('${') ? '' : null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnboundExpression(value[index]);
      if (found !== null) return `[${index}]${found}`;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      if (key.includes('${')) return `.${key}`;
      const found = findUnboundExpression((value as Record<string, unknown>)[key]);
      if (found !== null) return `.${key}${found}`;
    }
  }
  return null;
}
