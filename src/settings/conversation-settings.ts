/** What a chat or channel chose for itself. Unset fields fall back to the bot's configuration. */
export interface ConversationSettings {
  /** Low-usage threshold in percent (1–99). */
  threshold?: number;
}

export interface ConversationSettingsStore {
  get(conversationId: string): Promise<ConversationSettings>;
  update(conversationId: string, change: ConversationSettings): Promise<void>;
  forget(conversationId: string): Promise<void>;
}

/** The low-usage threshold that holds in the conversation: its own, else the bot's default. */
export async function conversationThreshold(
  turn: { conversationId: string },
  deps: { settings: ConversationSettingsStore; lowUsageThreshold: number },
): Promise<number> {
  const { threshold } = await deps.settings.get(turn.conversationId);
  return threshold ?? deps.lowUsageThreshold;
}
