/** Small readers for Adaptive Card JSON, so tests can say what a user sees. */

type Element = Record<string, any>;

export function cardOf(activity: { attachments?: Array<{ contentType: string; content: any }> }): any {
  const attachment = activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!attachment) throw new Error(`Expected an Adaptive Card, got ${JSON.stringify(activity).slice(0, 300)}`);
  return attachment.content;
}

/** Every object in the card, depth first in document order. */
export function elementsOf(value: unknown): Element[] {
  if (Array.isArray(value)) return value.flatMap(elementsOf);
  if (typeof value !== 'object' || value === null) return [];
  return [value as Element, ...Object.values(value).flatMap(elementsOf)];
}

/** The text of every TextBlock, in document order. */
export function textBlocksOf(card: unknown): string[] {
  return elementsOf(card)
    .filter((element) => element.type === 'TextBlock')
    .map((element) => String(element.text));
}

/** Every fact of every FactSet, in document order. */
export function factsOf(card: unknown): Array<{ title: string; value: string }> {
  return elementsOf(card)
    .filter((element) => element.type === 'FactSet')
    .flatMap((element) => element.facts as Array<{ title: string; value: string }>);
}

/** Everything a reader sees as text: TextBlocks and FactSet titles and values, in document order. */
export function textsOf(card: unknown): string[] {
  return elementsOf(card).flatMap((element) => {
    if (element.type === 'TextBlock') return [String(element.text)];
    if (element.type === 'FactSet') return (element.facts as Array<{ title: string; value: string }>).flatMap((f) => [f.title, f.value]);
    return [];
  });
}

/** All actions anywhere in the card (card-level and inside ActionSets). */
export function actionsOf(card: unknown): Element[] {
  return elementsOf(card).filter((element) => typeof element.type === 'string' && element.type.startsWith('Action.'));
}
