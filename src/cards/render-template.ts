import * as ACData from 'adaptivecards-templating';
import { CodedError, ErrorCodes } from '../core/errors';

/**
 * Expands an Adaptive Card template with data. adaptivecards-templating silently leaves an
 * expression whose field is missing in place (`${field}`); sending that to a user would show
 * template syntax, so any `${` left in the result is treated as a bug and thrown.
 */
export function renderTemplate(template: object, data: object): unknown {
  const expanded: unknown = compiled(template).expand({ $root: data });
  const unboundAt = findUnboundExpression(expanded, '$');
  if (unboundAt !== null) {
    throw new CodedError(ErrorCodes.Internal, `Card template left an unbound expression at ${unboundAt}`);
  }
  return expanded;
}

// Building a Template costs milliseconds (it prepares the whole JSON for expansion) while expanding
// one is cheap; the templates never change, so each is built once. Measured with `npm run bench`.
const templates = new WeakMap<object, ACData.Template>();

function compiled(template: object): ACData.Template {
  let built = templates.get(template);
  if (!built) {
    built = new ACData.Template(template);
    templates.set(template, built);
  }
  return built;
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
