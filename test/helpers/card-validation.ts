/**
 * Checks a card as Teams will receive it: the raw JSON, not a round trip through the adaptivecards
 * object model, which silently drops what it does not know (Teams `Chart.*` elements among them).
 * The library is asked about standard element and action types; everything Teams adds on top, or
 * that the library does not check (template leftovers, size, toggle targets), is checked here.
 */
import * as AC from 'adaptivecards';

/** Teams' native chart elements (card version 1.5); the adaptivecards library knows none of them. */
export const TEAMS_CHART_TYPES: ReadonlySet<string> = new Set([
  'Chart.Donut',
  'Chart.Pie',
  'Chart.VerticalBar',
  'Chart.VerticalBar.Grouped',
  'Chart.HorizontalBar',
  'Chart.HorizontalBar.Stacked',
  'Chart.Line',
  'Chart.Gauge',
]);

/** The highest card version every Teams client renders. */
export const TEAMS_CARD_VERSION = '1.5';
/** Webhooks and some Teams clients refuse larger cards (413 MessageSizeTooBig). */
export const MAX_CARD_BYTES = 28_000;

// Enough to say where the trouble is without burying the other problems.
const MAX_PATHS_LISTED = 5;

type Json = Record<string, unknown>;

/** Every problem found in `card`; an empty list means Teams can show it as intended. */
export function validateCard(card: unknown): string[] {
  if (!isObject(card) || card.type !== 'AdaptiveCard') return ['not an Adaptive Card: the root needs "type": "AdaptiveCard"'];
  const problems = [
    ...versionProblems(card),
    ...sizeProblems(card),
    ...templateLeftovers(card),
    ...chartProblems(card),
    ...libraryProblems(chartsReplacedByFallbacks(card)),
    ...idProblemsInBothViews(card),
  ];
  return [...new Set(problems)];
}

function versionProblems(card: Json): string[] {
  return card.version === TEAMS_CARD_VERSION
    ? []
    : [`version is ${JSON.stringify(card.version)}; Teams needs exactly "${TEAMS_CARD_VERSION}"`];
}

function sizeProblems(card: Json): string[] {
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  return bytes < MAX_CARD_BYTES ? [] : [`card is ${bytes} bytes of JSON; Teams needs it under ${MAX_CARD_BYTES}`];
}

/** An unexpanded template expression would show as `${...}` to the user. */
function templateLeftovers(card: Json): string[] {
  const paths: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (value.includes('${')) paths.push(path);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
    } else if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('${')) paths.push(`${path}.${key}`);
        visit(item, `${path}.${key}`);
      }
    }
  };
  visit(card, '$');
  return paths.length === 0 ? [] : [`template expression "\${" left at ${listed(paths)}`];
}

/**
 * A client without charts (older Teams, Outlook, the Agents Playground) drops a chart that has no
 * fallback, and with it the information; "drop" as a fallback does the same, so an element is required.
 */
function chartProblems(card: Json): string[] {
  return elementsIn(card, { enterFallbacks: true })
    .filter(({ element }) => isChart(element) && !isObject(element.fallback))
    .map(({ element, path }) => `${String(element.type)} at ${path} has no fallback element for clients without charts`);
}

/** The card as a client without chart support sees it. */
function chartsReplacedByFallbacks(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (!isChart(item)) return [chartsReplacedByFallbacks(item)];
      return isObject(item.fallback) ? [chartsReplacedByFallbacks(item.fallback)] : [];
    });
  }
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, chartsReplacedByFallbacks(item)]));
}

/**
 * What the adaptivecards library reports while parsing (unknown element and action types, invalid
 * property values) and validating, for card version 1.5.
 */
function libraryProblems(card: unknown): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events: AC.IValidationEvent[] = Array.from({ length: context.eventCount }, (_, index) => context.getEventAt(index));
  events.push(...parsed.validateProperties().validationEvents);
  return (
    events
      // The library only sees ids of elements it kept; idProblems checks every id in the raw JSON.
      .filter((event) => event.event !== AC.ValidationEvent.DuplicateId)
      .map((event) => `adaptivecards ${AC.ValidationEvent[event.event]}: ${event.message}`)
  );
}

/** A Teams client draws either the charts or their fallbacks: ids and toggles must work in both. */
function idProblemsInBothViews(card: Json): string[] {
  const withCharts = idProblems(card);
  const withoutCharts = idProblems(chartsReplacedByFallbacks(card))
    .filter((problem) => !withCharts.includes(problem))
    .map((problem) => `${problem} (in clients that show chart fallbacks)`);
  return [...withCharts, ...withoutCharts];
}

function idProblems(card: unknown): string[] {
  const elements = elementsIn(card, { enterFallbacks: false });
  const counts = new Map<string, number>();
  for (const { element } of elements) {
    if (typeof element.id === 'string') counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
  }
  const duplicates = [...counts].filter(([, count]) => count > 1).map(([id, count]) => `id "${id}" is used ${count} times`);
  const dangling = elements
    .filter(({ element }) => element.type === 'Action.ToggleVisibility')
    .flatMap(({ element, path }) =>
      toggleTargets(element)
        .filter((target) => !counts.has(target))
        .map((target) => `Action.ToggleVisibility at ${path} targets "${target}", which no element has as id`),
    );
  return [...duplicates, ...dangling];
}

/** Target ids of a toggle action: plain strings or `{ elementId, isVisible }` objects. */
function toggleTargets(action: Json): string[] {
  const targets = Array.isArray(action.targetElements) ? action.targetElements : [];
  return targets.flatMap((target: unknown) => {
    if (typeof target === 'string') return [target];
    if (isObject(target) && typeof target.elementId === 'string') return [target.elementId];
    return [];
  });
}

interface Located {
  element: Json;
  path: string;
}

/** Every object with a string `type` (elements, actions, columns), depth first, with its JSON path. */
function elementsIn(root: unknown, options: { enterFallbacks: boolean }): Located[] {
  const found: Located[] = [];
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (!isObject(value)) return;
    if (typeof value.type === 'string') found.push({ element: value, path });
    for (const [key, item] of Object.entries(value)) {
      if (key === 'fallback' && !options.enterFallbacks) continue;
      visit(item, `${path}.${key}`);
    }
  };
  visit(root, '$');
  return found;
}

function isChart(value: unknown): value is Json {
  return isObject(value) && typeof value.type === 'string' && TEAMS_CHART_TYPES.has(value.type);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, MAX_PATHS_LISTED).join(', ');
  return paths.length > MAX_PATHS_LISTED ? `${shown} and ${paths.length - MAX_PATHS_LISTED} more` : shown;
}
