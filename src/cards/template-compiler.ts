import { namesIn, parseTemplateString, type Expression, type PathExpression, type TemplateString } from './template-expression';

/**
 * Adaptive Card templates compiled into plain functions. adaptivecards-templating evaluates every `${…}`
 * through adaptive-expressions on each expansion (a scope object, options and a case-insensitive key search
 * per lookup); that was most of the CPU a chat answer cost. A compiled template walks the same structure
 * with the same rules ($when, $data, arrays flattened, nulls dropped, single expressions keeping their
 * type), but with its expressions parsed once and values read directly.
 *
 * It covers what our templates use. A template with anything else compiles to null, and data it cannot
 * expand exactly as the library would (a missing field, a key spelled in another case, a value of an
 * unexpected type) makes it throw NeedsLibrary: in both cases the caller expands with the library, so
 * the card is always the library's card.
 */
export type CompiledTemplate = (data: object) => unknown;

/** The data takes a path the compiled template does not reproduce; the library must expand it. */
export class NeedsLibrary extends Error {}

/** Data available while expanding: the root and the current `$data` item. */
interface Scope {
  root: object;
  data: unknown;
  names: TemplateNames;
}

/** Every name the template's expressions look up, as written and in lower case. */
interface TemplateNames {
  exact: Set<string>;
  lowerCase: Set<string>;
}

type Expand = (scope: Scope) => unknown;

/** Fields adaptivecards-templating reads as instructions and leaves out of the card. */
const RESERVED_FIELDS: ReadonlySet<string> = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

// Values inserted whole are searched for `${` this deep; anything deeper (or circular) goes to the library.
const MAX_VALUE_DEPTH = 32;

class Unsupported extends Error {}

export function compileTemplate(template: unknown): CompiledTemplate | null {
  const names = new Set<string>();
  let expand: Expand;
  try {
    expand = compileNode(template, names);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  const lowerCase = new Set([...names].map((name) => name.toLowerCase()));
  // Two names differing only in case would each find the first matching key in the library.
  if (lowerCase.size !== names.size) return null;
  const templateNames: TemplateNames = { exact: names, lowerCase };
  return (data) => {
    checkKeys(data, templateNames);
    return expand({ root: data, data, names: templateNames });
  };
}

function compileNode(node: unknown, names: Set<string>): Expand {
  if (typeof node === 'string') return compileString(node, names);
  if (Array.isArray(node)) return compileArray(node, names);
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>, names);
  return () => node;
}

function compileString(text: string, names: Set<string>): Expand {
  const parsed = parseTemplateString(text);
  if (!parsed) throw new Unsupported();
  for (const part of partsOf(parsed)) if (typeof part !== 'string') for (const name of namesIn(part)) names.add(name);
  switch (parsed.kind) {
    case 'literal':
      return () => text;
    case 'single': {
      const { expression } = parsed;
      return (scope) => insertable(evaluate(expression, scope));
    }
    case 'concat': {
      const { parts } = parsed;
      return (scope) => {
        let result = '';
        for (const part of parts) result += typeof part === 'string' ? part : interpolated(evaluate(part, scope));
        return result;
      };
    }
  }
}

function partsOf(parsed: TemplateString): Array<string | Expression> {
  if (parsed.kind === 'literal') return [];
  return parsed.kind === 'single' ? [parsed.expression] : parsed.parts;
}

/** Array items that expand to several (a `$data` list) are spliced in; items that expand to nothing go. */
function compileArray(items: unknown[], names: Set<string>): Expand {
  const compiled = items.map((item) => compileNode(item, names));
  return (scope) => {
    const result: unknown[] = [];
    for (const expand of compiled) {
      const value = expand(scope);
      if (value === null) continue;
      if (Array.isArray(value)) result.push(...value);
      else result.push(value);
    }
    return result;
  };
}

function compileObject(node: Record<string, unknown>, names: Set<string>): Expand {
  const fields: Array<[string, Expand]> = [];
  for (const [key, value] of Object.entries(node)) {
    // A key is never expanded; one holding `${` is the library's (and renderTemplate's) to report.
    if (key.includes('${')) throw new Unsupported();
    if (!RESERVED_FIELDS.has(key)) fields.push([key, compileNode(value, names)]);
  }
  const when = compileWhen(node['$when'], names);
  const dataOf = compileData(node['$data'], names);

  const expandOne = (scope: Scope): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [key, expand] of fields) {
      const value = expand(scope);
      if (value !== undefined) result[key] = value;
    }
    return result;
  };

  return (scope) => {
    const results: unknown[] = [];
    if (!dataOf) {
      if (when(scope)) results.push(expandOne(scope));
    } else {
      const data = dataOf(scope);
      // An undefined item keeps the item before it as `$data`, as in the library.
      let current = scope.data;
      for (const item of Array.isArray(data) ? data : [data]) {
        if (item !== undefined) current = item;
        const itemScope: Scope = { root: scope.root, data: current, names: scope.names };
        if (when(itemScope)) results.push(expandOne(itemScope));
      }
    }
    // One result is the object itself, none is null (dropped from arrays), several are spliced in.
    if (results.length === 0) return null;
    return results.length === 1 ? results[0] : results;
  };
}

/** `$when` keeps the object only when it evaluates to true; a `$when` that is no expression drops it when truthy. */
function compileWhen(when: unknown, names: Set<string>): (scope: Scope) => boolean {
  if (when === undefined) return () => true;
  if (typeof when !== 'string' || !when.includes('${')) return when ? () => false : () => true;
  const parsed = parseTemplateString(when);
  if (parsed?.kind !== 'single') throw new Unsupported();
  const { expression } = parsed;
  for (const name of namesIn(expression)) names.add(name);
  return (scope) => evaluate(expression, scope) === true;
}

/** `$data` (a single expression only): the list to repeat the object for, or the one item to bind it to. */
function compileData(data: unknown, names: Set<string>): ((scope: Scope) => unknown) | null {
  if (data === undefined) return null;
  if (typeof data !== 'string') throw new Unsupported();
  const parsed = parseTemplateString(data);
  if (parsed?.kind !== 'single') throw new Unsupported();
  const { expression } = parsed;
  for (const name of namesIn(expression)) names.add(name);
  return (scope) => {
    const value = evaluate(expression, scope);
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      // Primitive items (and null) would need the library's handling of scopes that are no objects.
      if (item === undefined) continue;
      if (typeof item !== 'object' || item === null || Array.isArray(item) || item instanceof Map) throw new NeedsLibrary();
      checkKeys(item, scope.names);
    }
    return value;
  };
}

function evaluate(expression: Expression, scope: Scope): unknown {
  switch (expression.kind) {
    case 'path':
      return lookUp(expression, scope);
    case 'not':
      return !isLogicTrue(lookUp(expression.operand, scope));
    case 'if':
      return isLogicTrue(evaluate(expression.condition, scope)) ? expression.then : expression.otherwise;
  }
}

/** adaptive-expressions' truth: booleans are themselves, null is false, anything else is true. */
function isLogicTrue(value: unknown): boolean {
  return typeof value === 'boolean' ? value : value !== null;
}

const { propertyIsEnumerable } = Object.prototype;

/**
 * The value at a path. The library matches keys regardless of case; an object whose keys include one of
 * the template's names in another case is refused (checkKeys), so an exact lookup finds what the library
 * finds. A value that is not there is left to the library, which substitutes the expression's own text.
 */
function lookUp(path: PathExpression, scope: Scope): unknown {
  // The root and every `$data` item were checked when they became the scope; deeper objects are checked here.
  let value: unknown = path.fromRoot ? scope.root : scope.data;
  let first = true;
  for (const segment of path.segments) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Map) throw new NeedsLibrary();
    if (!first) checkKeys(value, scope.names);
    if (!propertyIsEnumerable.call(value, segment)) throw new NeedsLibrary();
    value = (value as Record<string, unknown>)[segment];
    first = false;
  }
  if (value === undefined) throw new NeedsLibrary();
  return value;
}

/** Refuses an object with a key that is one of the template's names in another case (`Title` for `title`). */
function checkKeys(value: object, names: TemplateNames): void {
  for (const key of Object.keys(value)) {
    if (!names.exact.has(key) && names.lowerCase.has(key.toLowerCase())) throw new NeedsLibrary();
  }
}

/**
 * A single expression's value goes into the card as it is (a number stays a number). A string or object
 * still holding `${` is left to the library path, which reports it as an unbound expression.
 */
function insertable(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.includes('${')) throw new NeedsLibrary();
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'object' && !holdsTemplateSyntax(value)) return value;
  throw new NeedsLibrary();
}

/** An expression's value inside a longer string: the library appends its toString(). */
function interpolated(value: unknown): string {
  if (typeof value === 'string') {
    if (value.includes('${')) throw new NeedsLibrary();
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new NeedsLibrary();
}

function holdsTemplateSyntax(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (typeof value !== 'object' || value === null) return false;
  if (depth > MAX_VALUE_DEPTH) throw new NeedsLibrary();
  if (Array.isArray(value)) return value.some((item) => holdsTemplateSyntax(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes('${') || holdsTemplateSyntax(item, depth + 1));
}
