import { asCodedError, type CodedError } from '../core/errors';
import type { Logger } from '../logging/logger';
import { committing, type AlertDelivery, type AlertDeliveryStore, type OutboxMessage, type OutboxMessageStatus, type StoredAlertDelivery } from './alert-delivery';
import type { ConversationAddress, ProactiveMessenger, SendOutcome } from './ports';

/** How far an outbox got. */
export type OutboxResult =
  /** Every message is out (or was uncertain and left alone); the next shard versions count, the outbox is gone. */
  | { kind: 'delivered'; record: StoredAlertDelivery }
  /** Teams answered 403: the bot cannot post here any more. The outbox is dropped, the state kept as it was. */
  | { kind: 'gone'; record: StoredAlertDelivery }
  /** A send failed after the messenger's retries: the outbox waits for the next pass. */
  | { kind: 'failed'; record: StoredAlertDelivery; error: CodedError }
  /** The pass was cancelled between two messages: the next pass carries on from here. */
  | { kind: 'cancelled'; record: StoredAlertDelivery };

export interface DeliverOutboxDeps {
  deliveries: AlertDeliveryStore;
  messenger: ProactiveMessenger;
  /** The conversation's logger. */
  log: Logger;
  signal?: AbortSignal;
  /** Called once per message Teams accepted in this call, as soon as it did. */
  onSent(message: OutboxMessage): void;
}

/**
 * Posts the outbox's messages in order, writing each one's progress around its POST, then commits
 * the outbox's next shard versions. The progress written before a POST ('sending') is what makes a crash
 * harmless: a message found 'sending' by a later pass may or may not have reached the conversation,
 * and it is not posted again, because an alert missed is better than the same alert twice.
 */
export async function deliverOutbox(record: StoredAlertDelivery, address: ConversationAddress, deps: DeliverOutboxDeps): Promise<OutboxResult> {
  const outbox = record.delivery.outbox;
  if (!outbox) return { kind: 'delivered', record };
  for (const [index, message] of outbox.messages.entries()) {
    if (message.status !== 'sending') continue;
    deps.log.warn(
      { outboxPassId: outbox.passId, message: index, kind: message.kind },
      'An alert message may not have reached the conversation before a restart; it is not posted again',
    );
  }

  const pending = outbox.messages.flatMap((message, index) => (message.status === 'pending' ? [index] : []));
  let current = record;
  for (const [position, index] of pending.entries()) {
    if (deps.signal?.aborted) return { kind: 'cancelled', record: current };
    const message = outbox.messages[index] as OutboxMessage;

    current = await deps.deliveries.replace(current, withStatus(current.delivery, index, 'sending'));
    let outcome: SendOutcome;
    try {
      outcome = await deps.messenger.send(address, message.card, deps.log);
    } catch (error) {
      // The messenger gave up (throttled, or Teams failing) without the message being accepted: it
      // stays pending, and the next pass posts it.
      current = await deps.deliveries.replace(current, withStatus(current.delivery, index, 'pending'));
      return { kind: 'failed', record: current, error: asCodedError(error) };
    }
    if (outcome === 'gone') {
      current = await deps.deliveries.replace(current, withoutOutbox(current.delivery));
      return { kind: 'gone', record: current };
    }
    deps.onSent(message);
    // After the last message, committing the next state says "sent" as well: one write less.
    if (position < pending.length - 1) current = await deps.deliveries.replace(current, withStatus(current.delivery, index, 'sent'));
  }

  current = await deps.deliveries.replace(current, committing(current.delivery, outbox.next));
  return { kind: 'delivered', record: current };
}

function withoutOutbox({ outbox: _outbox, ...rest }: AlertDelivery): AlertDelivery {
  return rest;
}

function withStatus(delivery: AlertDelivery, index: number, status: OutboxMessageStatus): AlertDelivery {
  const { outbox } = delivery;
  if (!outbox) return delivery;
  return {
    ...delivery,
    outbox: { ...outbox, messages: outbox.messages.map((message, i) => (i === index ? { ...message, status } : message)) },
  };
}
