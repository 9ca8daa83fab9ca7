/**
 * The conversation a Teams activity belongs to, without the thread: Teams marks a channel thread with
 * ";messageid=…" on the channel's id. Settings and alerts belong to the channel, not to one thread.
 */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}
