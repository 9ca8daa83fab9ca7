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
