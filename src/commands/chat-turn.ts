import type { AdaptiveCard } from '../cards/adaptive-card';
import type { Logger } from '../logging/logger';
import { deadline, deadlineSignal, type Deadline } from '../timing/deadline-signal';

/**
 * One incoming message, as the command handlers see it. The Teams adapter (src/teams) implements it
 * over botbuilder's TurnContext; nothing under src/commands imports botbuilder, so moving to another
 * SDK means writing another implementation of this interface.
 */
export interface ChatTurn {
  /** The user's message with the bot's @mention removed. */
  readonly text: string;
  /** BCP 47 locale from the activity (`en-US` when Teams sent none). */
  readonly locale: string;
  /** One id for everything this turn does: logs, Partner Center calls, error messages. */
  readonly correlationId: string;
  readonly conversationType: 'personal' | 'groupChat' | 'channel' | 'unknown';
  /** The chat or channel; the threads of a channel share its id. */
  readonly conversationId: string;
  /** `name`: the display name Teams sent, for lists such as `alerts` (who subscribed). */
  readonly user: { id: string; aadObjectId?: string; tenantId?: string; name?: string };
  /** A logger that already carries the correlation id. */
  readonly log: Logger;
  /** Aborts when the bot stops and gives up on this answer (its user is told to ask again). */
  readonly stopping: AbortSignal;

  sendText(markdown: string): Promise<void>;
  sendCard(card: AdaptiveCard): Promise<void>;
  /** Shows "…is typing" while slow work (Partner Center) runs. */
  sendTyping(): Promise<void>;
  /**
   * Tells the user what slow work is doing now ("Reading Partner Center, page 3 of 8…"). In a personal
   * chat this becomes a Teams streaming update; elsewhere a typing indicator. Never throws: progress is
   * a courtesy, and its failure must not fail the answer.
   */
  progress(text: string): Promise<void>;
  /** Ids of up to `limit` members of the conversation; empty when Teams will not say. */
  memberIds(limit: number): Promise<string[]>;

  /** The user's sign-in with the bot's own app (Teams SSO through the Azure Bot OAuth connection). */
  readonly account: AccountPort;
  /** Sending files (Teams file consent); only in a personal chat, the one place Teams allows it. */
  readonly files?: FilePort;
}

/** A file offered to the user, and where Teams lets the bot put it once they accept. */
export interface FilePort {
  /** Sends the consent card; `acceptContext` comes back with the user's answer (keep it small). */
  offer(file: { name: string; description: string; sizeInBytes: number; acceptContext: object }): Promise<void>;
  /** Puts the bytes at the upload URL Teams gave (the user's OneDrive); throws when that fails. */
  upload(uploadUrl: string, bytes: Buffer): Promise<void>;
  /** The card that shows the uploaded file in the chat. */
  sendFileInfo(file: { name: string; contentUrl: string; uniqueId: string; fileType: string }): Promise<void>;
}

export interface AccountPort {
  /** The user's token for the bot's own app, from the Bot Framework token service; undefined when signed out. */
  ssoToken(): Promise<string | undefined>;
  /** Sends the sign-in card; in Teams it signs the user in silently (SSO) when it can. */
  requestSignIn(): Promise<void>;
  /** Removes the user's token from the token service. */
  signOut(): Promise<void>;
}

/** What aborts the turn's Partner Center calls: its deadline, or the bot stopping. */
export function deadlineOf(turn: Pick<ChatTurn, 'stopping'>, deadlineMs: number): AbortSignal {
  return deadlineSignal(deadlineMs, turn.stopping);
}

/** deadlineOf for work that is over when its promise settles: clear it then, so its timer does not fire later for nothing. */
export function clearableDeadlineOf(turn: Pick<ChatTurn, 'stopping'>, deadlineMs: number): Deadline {
  return deadline(deadlineMs, turn.stopping);
}

/** The person, across conversations and Teams clients. */
export function userKeyOf(turn: Pick<ChatTurn, 'user'>): string {
  return turn.user.aadObjectId ?? turn.user.id;
}

/** Channels and group chats: several people, each with their own Partner Center rights, see one card. */
export function isShared(turn: Pick<ChatTurn, 'conversationType'>): boolean {
  return turn.conversationType === 'channel' || turn.conversationType === 'groupChat';
}
