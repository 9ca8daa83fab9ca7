/** Small readers for the Adaptive Card JSON the bot sent, so tests can say what a user sees. */

export function cardOf(activity: { attachments?: Array<{ contentType: string; content: any }> }): any {
  const attachment = activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!attachment) throw new Error(`Expected an Adaptive Card, got ${JSON.stringify(activity).slice(0, 300)}`);
  return attachment.content;
}

/** Every TextBlock text and FactSet title/value in the card, in document order. */
export function textsOf(node: unknown): string[] {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const element = value as Record<string, unknown>;
    if (element.type === 'TextBlock' && typeof element.text === 'string') texts.push(element.text);
    if (element.type === 'RichTextBlock' && Array.isArray(element.inlines)) {
      for (const inline of element.inlines) texts.push(typeof inline === 'string' ? inline : String((inline as { text?: string }).text ?? ''));
    }
    if (element.type === 'FactSet' && Array.isArray(element.facts)) {
      for (const fact of element.facts as Array<{ title: string; value: string }>) texts.push(fact.title, fact.value);
    }
    Object.values(element).forEach(walk);
  };
  walk(node);
  return texts;
}

/** All actions anywhere in the card (card-level and inside ActionSets). */
export function actionsOf(card: unknown): Array<Record<string, any>> {
  const actions: Array<Record<string, any>> = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const element = value as Record<string, any>;
    if (typeof element.type === 'string' && element.type.startsWith('Action.')) actions.push(element);
    Object.values(element).forEach(walk);
  };
  walk(card);
  return actions;
}
