import * as ACData from 'adaptivecards-templating';
import { CodedError, ErrorCodes } from '../core/errors';
import { compileTemplate, NeedsLibrary, type CompiledTemplate } from './template-compiler';

/**
 * Expands an Adaptive Card template with data. adaptivecards-templating silently leaves an
 * expression whose field is missing in place (`${field}`); sending that to a user would show
 * template syntax, so any `${` left in the result is treated as a bug and thrown.
 *
 * Templates are expanded by compiled functions (template-compiler.ts) that produce the library's
 * card at a fraction of its cost; whatever they do not reproduce exactly goes to the library.
 */
export function renderTemplate(template: object, data: object): unknown {
  const prepared = preparedFor(template);
  if (prepared.compiled) {
    try {
      // The compiled path never leaves `${` behind: it hands such data to the library instead.
      return prepared.compiled(data);
    } catch (error) {
      if (!(error instanceof NeedsLibrary)) throw error;
    }
  }
  return expandWithLibrary(template, data);
}

/**
 * The library's expansion, with the unbound-expression check: what renderTemplate falls back to, and
 * what tests compare the compiled templates with.
 */
export function expandWithLibrary(template: object, data: object): unknown {
  const expanded: unknown = libraryTemplate(preparedFor(template)).expand({ $root: data });
  const unboundAt = findUnboundExpression(expanded, '$');
  if (unboundAt !== null) {
    throw new CodedError(ErrorCodes.Internal, `Card template left an unbound expression at ${unboundAt}`);
  }
  return expanded;
}

interface PreparedTemplate {
  template: object;
  compiled: CompiledTemplate | null;
  library?: ACData.Template;
}

// Templates never change, so each is prepared once. Building a library Template costs milliseconds;
// it is built only for a template (or data) the compiled path does not cover.
const prepared = new WeakMap<object, PreparedTemplate>();

function preparedFor(template: object): PreparedTemplate {
  let entry = prepared.get(template);
  if (!entry) {
    entry = { template, compiled: compileTemplate(template) };
    prepared.set(template, entry);
  }
  return entry;
}

function libraryTemplate(entry: PreparedTemplate): ACData.Template {
  entry.library ??= new ACData.Template(entry.template);
  return entry.library;
}

/** JSON path of the first key or string still holding `${`, or null when there is none. */
function findUnboundExpression(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('${') ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnboundExpression(item, `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('${')) return `${path}.${key}`;
      const found = findUnboundExpression(item, `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}
