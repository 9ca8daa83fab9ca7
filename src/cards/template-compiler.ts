import { Expression, ExpressionType, FunctionUtils, Options, SimpleObjectMemory, type MemoryInterface } from 'adaptive-expressions';
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
  return compileValue(parsed);
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
  const evaluation = compileEvaluation(parsed);
  return (scope) => {
    const { value, error } = evaluation(scope, PLAIN);
    return !error && value === true;
  };
}

/** `$data`: the list to repeat the object for, or the one item to bind it to; null when there is none. */
function compileData(data: unknown): Expand | null {
  if (data === undefined) return null;
  const parsed = typeof data === 'string' ? Template.parseInterpolatedString(data) : data;
  if (!(parsed instanceof Expression)) return () => parsed;
  return compileValue(parsed);
}

/** A value or `$data` expression, evaluated as the library does; an error ends the expansion. */
function compileValue(expression: Expression): Expand {
  if (expression.type === ExpressionType.Concat) return compileJoined(expression);
  const evaluation = compileEvaluation(expression);
  return (scope) => {
    const { value, error } = evaluation(scope, SUBSTITUTING);
    if (error) throw new Error(error);
    return value;
  };
}

/** Text with expressions in it: as in the library, each part on its own, and a part that fails stays as its text. */
function compileJoined(concat: Expression): Expand {
  const parts = concat.children.map((part) => ({ evaluation: compileEvaluation(part), text: () => `\${${part.toString()}}` }));
  return (scope) => {
    let result = '';
    for (const { evaluation, text } of parts) {
      let evaluated: { value: unknown; error?: unknown };
      try {
        evaluated = evaluation(scope, SUBSTITUTING);
      } catch (error) {
        evaluated = { value: undefined, error };
      }
      // A null part throws here, as it does in the library.
      result += evaluated.error ? text() : (evaluated.value as object).toString();
    }
    return result;
  };
}

type Evaluation = (scope: TemplateScope, options: Options) => { value: unknown; error?: string | undefined };

/**
 * How an expression is evaluated: by adaptive-expressions (Expression.tryEvaluate), except for an expression
 * made of property accessors alone (`${title}`, `${$root.noLicenses}`), the most common by far. For those
 * the library's Accessor evaluator finds the memory path with FunctionUtils.tryAccumulatePath, which
 * without an index in it depends on nothing but the expression, and then reads the path from memory,
 * the null substitution standing in for a miss (InternalFunctionUtils.wrapGetValue). Here the path is
 * found once, by that same function, when the template is compiled, and each expansion only reads it.
 */
function compileEvaluation(expression: Expression): Evaluation {
  const path = accessorPath(expression);
  if (path === undefined) return (scope, options) => expression.tryEvaluate(scope, options);
  return (scope, options) => {
    const value = scope.getValue(path);
    if (value !== undefined || options.nullSubstitution === undefined) return { value };
    return { value: options.nullSubstitution(path) };
  };
}

const NO_MEMORY = new SimpleObjectMemory({});

/** The memory path of an expression that is property accessors alone, as the library's Accessor finds it; else undefined. */
function accessorPath(expression: Expression): string | undefined {
  for (let step: Expression | undefined = expression; step !== undefined; step = step.children[1]) {
    if (step.type !== ExpressionType.Accessor || step.children.length < 1 || step.children.length > 2) return undefined;
  }
  const { path, left, error } = FunctionUtils.tryAccumulatePath(expression, NO_MEMORY, PLAIN);
  return error === undefined && (left === undefined || left === null) && typeof path === 'string' ? path : undefined;
}
