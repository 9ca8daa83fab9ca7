import { Expression, ExpressionType, Options, SimpleObjectMemory, type MemoryInterface } from 'adaptive-expressions';
import { Template } from 'adaptivecards-templating';

/**
 * Adaptive Card templates compiled into plain functions. adaptivecards-templating walks the whole template
 * on every expansion and gives every `${…}` a fresh scope, memory and options object; with a 60-row card
 * that bookkeeping was most of the CPU a chat answer cost. A compiled template is walked once, into nested
 * functions that follow the library's expansion rules ($when, $data and $index, arrays flattened, nulls
 * dropped, a lone expression keeping its type). The expressions themselves stay the library's: each string
 * is parsed by adaptivecards-templating (Template.parseInterpolatedString) and evaluated by
 * adaptive-expressions, on one scope per expansion, so lookups, functions, case-insensitive keys and the
 * `${field}` left for a missing field are exactly the library's.
 *
 * Not provided, because we never pass them: `$host`, and `$_acTemplateVersion` (no template reads it).
 */
export type CompiledTemplate = (data: object) => unknown;

/** What expressions read while a template expands: the data's root, the current `$data` item and its `$index`. */
class TemplateScope implements MemoryInterface {
  $data: unknown;
  $index: number | undefined = undefined;
  readonly #memory = new SimpleObjectMemory(this);

  constructor(readonly $root: unknown) {
    this.$data = $root;
  }

  /** As in the library, a path that does not start with `$` is read from the current `$data` item. */
  getValue(path: string): unknown {
    return this.#memory.getValue(path.length > 0 && !path.startsWith('$') ? `$data.${path}` : path);
  }

  setValue(path: string, value: unknown): void {
    this.#memory.setValue(path, value);
  }

  version(): string {
    return this.#memory.version();
  }
}

type Expand = (scope: TemplateScope) => unknown;

/** Fields adaptivecards-templating reads as instructions and leaves out of the card. */
const RESERVED_FIELDS: ReadonlySet<string> = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

// Values and `$data` are evaluated as the library does: a field that is not there becomes its own text
// (`${field}`), which renderTemplate then reports. `$when` is evaluated without that substitution.
const SUBSTITUTING = new Options();
SUBSTITUTING.nullSubstitution = (path) => `\${${path}}`;
const PLAIN = new Options();

export function compileTemplate(template: unknown): CompiledTemplate {
  const expand = compileNode(template);
  return (data) => expand(new TemplateScope(data));
}

function compileNode(node: unknown): Expand {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) return compileArray(node);
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileString(text: string): Expand {
  const parsed = Template.parseInterpolatedString(text);
  if (typeof parsed === 'string') return () => parsed;
  return (scope) => evaluate(parsed, scope);
}

/** Array items that expand to several (a `$data` list) are spliced in; items that expand to nothing go. */
function compileArray(items: unknown[]): Expand {
  const compiled = items.map(compileNode);
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

function compileObject(node: Record<string, unknown>): Expand {
  const fields: Array<[string, Expand]> = [];
  for (const [key, value] of Object.entries(node)) {
    if (!RESERVED_FIELDS.has(key)) fields.push([key, compileNode(value)]);
  }
  const when = compileWhen(node['$when']);
  const dataOf = compileData(node['$data']);

  const expandOne = (scope: TemplateScope): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [key, expand] of fields) {
      const value = expand(scope);
      if (value !== undefined) result[key] = value;
    }
    return result;
  };

  return (scope) => {
    if (!dataOf) return when(scope) ? expandOne(scope) : null;
    const data = dataOf(scope);
    const items: unknown[] = Array.isArray(data) ? data : [data];
    const { $data, $index } = scope;
    const results: unknown[] = [];
    for (const [index, item] of items.entries()) {
      if (Array.isArray(data)) scope.$index = index;
      // An undefined item keeps the item before it as `$data`, as in the library.
      if (item !== undefined) scope.$data = item;
      if (when(scope)) results.push(expandOne(scope));
    }
    scope.$data = $data;
    scope.$index = $index;
    // One result is the object itself, none is null (dropped from arrays), several are spliced in.
    if (results.length === 0) return null;
    return results.length === 1 ? results[0] : results;
  };
}

/** `$when` keeps the object only when it evaluates to true; a `$when` that is no expression drops it when truthy. */
function compileWhen(when: unknown): (scope: TemplateScope) => boolean {
  const parsed = typeof when === 'string' ? Template.parseInterpolatedString(when) : when;
  if (!(parsed instanceof Expression)) return parsed ? () => false : () => true;
  return (scope) => {
    const { value, error } = parsed.tryEvaluate(scope, PLAIN);
    return !error && value === true;
  };
}

/** `$data`: the list to repeat the object for, or the one item to bind it to; null when there is none. */
function compileData(data: unknown): Expand | null {
  if (data === undefined) return null;
  const parsed = typeof data === 'string' ? Template.parseInterpolatedString(data) : data;
  if (!(parsed instanceof Expression)) return () => parsed;
  return (scope) => evaluate(parsed, scope);
}

/** A value or `$data` expression, evaluated as the library does; an error ends the expansion. */
function evaluate(expression: Expression, scope: TemplateScope): unknown {
  if (expression.type === ExpressionType.Concat) return joined(expression, scope);
  const { value, error } = expression.tryEvaluate(scope, SUBSTITUTING);
  if (error) throw new Error(error);
  return value;
}

/** Text with expressions in it: as in the library, each part on its own, and a part that fails stays as its text. */
function joined(concat: Expression, scope: TemplateScope): string {
  let result = '';
  for (const part of concat.children) {
    let evaluated: { value: unknown; error?: unknown };
    try {
      evaluated = part.tryEvaluate(scope, SUBSTITUTING);
    } catch (error) {
      evaluated = { value: undefined, error };
    }
    // A null part throws here, as it does in the library.
    result += evaluated.error ? `\${${part.toString()}}` : (evaluated.value as object).toString();
  }
  return result;
}
