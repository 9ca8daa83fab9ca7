import type { Variables } from './env-file';

// The Agents Toolkit's placeholder syntax, spaces inside the braces allowed.
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Thrown when a `${{NAME}}` has no value; names every such variable at once, not one per run. */
export class MissingVariablesError extends Error {
  constructor(readonly names: readonly string[]) {
    super(`No value for ${names.join(', ')}`);
    this.name = 'MissingVariablesError';
  }
}

/** The distinct variable names used as `${{NAME}}` in the text, in order of appearance. */
export function placeholderNames(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1] ?? ''))];
}

/** The names among `names` that have no value; blank counts as none (an empty GUID is no GUID). */
export function missingVariables(names: readonly string[], variables: Variables): string[] {
  return names.filter((name) => (variables[name] ?? '').trim() === '').sort();
}

/**
 * Replaces every `${{NAME}}` with its value, passed through `encode` (e.g. JSON string escaping,
 * so that a value with a quote cannot break the file it lands in).
 */
export function fillPlaceholders(
  text: string,
  variables: Variables,
  encode: (value: string) => string = (value) => value,
): string {
  const missing = missingVariables(placeholderNames(text), variables);
  if (missing.length > 0) throw new MissingVariablesError(missing);
  return text.replace(PLACEHOLDER, (_placeholder, name: string) => encode((variables[name] ?? '').trim()));
}

/** Escapes a value for use inside a JSON string literal. */
export function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
