import type { Messages } from '../i18n';
import type { ChatTurn } from './chat-turn';
import type { UsageCommandDeps } from './usage/usage-command';

/** `threshold` shows the conversation's low-usage threshold; `threshold <n>` sets it for everyone in it. */
export async function handleThresholdCommand(
  turn: ChatTurn,
  value: number | undefined,
  messages: Messages,
  deps: Pick<UsageCommandDeps, 'settings' | 'lowUsageThreshold'>,
): Promise<void> {
  if (value === undefined) {
    const { threshold } = await deps.settings.get(turn.conversationId);
    await turn.sendText(messages.threshold.current(threshold ?? deps.lowUsageThreshold, threshold === undefined));
    return;
  }
  await deps.settings.update(turn.conversationId, { threshold: value });
  turn.log.info({ threshold: value }, 'conversation threshold set');
  await turn.sendText(messages.threshold.set(value));
}
