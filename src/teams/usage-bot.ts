import {
  ActivityTypes,
  CardFactory,
  TeamsActivityHandler,
  type FileConsentCardResponse,
  type Activity,
  type InvokeResponse,
  type SigninStateVerificationQuery,
  type TurnContext,
} from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { cardWithNotice, refreshingCard } from '../cards/card-states';
import { userKeyOf, type ChatTurn } from '../commands/chat-turn';
import type { CardActionHandler, CardActionOutcome } from '../commands/card-action-outcome';
import { ErrorCodes } from '../core/errors';
import type { MessageHandler } from '../commands/handle-message';
import type { InstallationHandlers } from '../commands/installation';
import type { CustomerSearch } from '../commands/message-extension/customer-search';
import type { PendingCommands } from '../commands/pending-commands';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { messagesFor } from '../i18n';
import type { ConversationReferenceStore } from '../storage/conversation-reference-store';
import type { Logger } from '../logging/logger';
import { answerSearchQuery } from './message-extension';
import type { RecentCards } from './recent-cards';
import { userTokenClientOf } from './teams-account';
import type { TurnRelay } from './turn-relay';
import type { TurnRunner } from './turn-runner';

export interface UsageBotDeps {
  handleMessage: MessageHandler;
  cardActions: CardActionHandler;
  installation: InstallationHandlers;
  /** The message extension's customer search (composeExtension/query). */
  customerSearch: CustomerSearch;
  pendingCommands: PendingCommands;
  /** Kept for proactive alerts: refreshed on every message and install, dropped on uninstall. */
  references: ConversationReferenceStore;
  logger: Logger;
  /** The Azure Bot OAuth connection for Teams SSO; unset in local mode. */
  oauthConnectionName?: string;
  /** The user's answer to a file consent card (a CSV export). */
  fileConsent?: (turn: ChatTurn, answer: { action?: unknown; context?: unknown; uploadInfo?: unknown }) => Promise<void>;
  /** Runs each piece of work, handing slow work off to a proactive turn. */
  runner: TurnRunner;
  /** The cards the bot put in conversations, to put one back when its action fails. */
  cards: RecentCards;
}

/** One user's view of a shared card that came after its refresh had been answered with "refreshing". */
const READY_VIEW_TTL_MS = 2 * 60 * 1000;

/**
 * The Teams activity handler: routes each kind of activity to the SDK-free handlers. It holds no
 * logic of its own beyond translating botbuilder's world into ChatTurn and finishing sign-ins.
 */
export class UsageBot extends TeamsActivityHandler {
  constructor(private readonly deps: UsageBotDeps) {
    super();
    this.onMessage(async (context: TurnContext, next) => {
      await deps.references.remember(context.activity);
      const outcome = await deps.runner.run(context, (turn) => deps.handleMessage(turn), { flightKey: messageFlightKey(context.activity) });
      if (outcome.kind === 'joined-later') await context.sendActivity(messagesFor(context.activity.locale).progress.stillWorking);
      await next();
    });
    // Teams announces installs both as installationUpdate and conversationUpdate; only the former is
    // used, so nobody is welcomed twice.
    this.onInstallationUpdateAdd(async (context, next) => {
      await deps.references.remember(context.activity);
      await deps.runner.run(context, (turn) => deps.installation.installed(turn));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await deps.references.forget(context.activity.conversation.id);
      await deps.runner.run(context, (turn) => deps.installation.uninstalled(turn));
      await next();
    });
  }

  /**
   * Teams exchanged the user's SSO token silently. TeamsSSOTokenExchangeMiddleware has already stored it
   * with the token service (once, however many Teams clients asked): run what the user was waiting for.
   */
  protected override async handleTeamsSigninTokenExchange(context: TurnContext): Promise<void> {
    await this.resumeAfterSignIn(context);
  }

  /** A manual sign-in finished with a magic code (`state`): redeem it, then run the waiting command. */
  protected override async handleTeamsSigninVerifyState(context: TurnContext, query: SigninStateVerificationQuery): Promise<void> {
    const { from, channelId } = context.activity;
    const connection = this.deps.oauthConnectionName;
    const token = connection
      ? await userTokenClientOf(context).getUserToken(from.id, connection, channelId, query.state ?? '')
      : undefined;
    if (!token?.token) {
      this.deps.logger.warn({ activityId: context.activity.id }, 'sign-in magic code did not produce a token');
      await context.sendActivity(messagesFor(context.activity.locale).signIn.notCompleted);
      return;
    }
    await this.resumeAfterSignIn(context);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') return this.onCardAction(context);
    if (context.activity.name === 'signin/failure') {
      // Typically `resourcematchfailed`: the manifest's webApplicationInfo and the app registration disagree.
      const failure = context.activity.value as { code?: unknown; message?: unknown } | undefined;
      this.deps.logger.error({ code: String(failure?.code ?? 'unknown'), detail: String(failure?.message ?? '') }, 'Teams reported a sign-in failure');
      await context.sendActivity(messagesFor(context.activity.locale).signIn.failed);
      return { status: 200 };
    }
    if (context.activity.name === 'composeExtension/query') {
      return answerSearchQuery(context, {
        search: this.deps.customerSearch,
        logger: this.deps.logger,
        ...(this.deps.oauthConnectionName ? { oauthConnectionName: this.deps.oauthConnectionName } : {}),
      });
    }
    // Sign-in, file consent and health checks go through botbuilder's handler. What nothing here
    // handles (other message extension invokes, Copilot feedback, task modules, ...) comes back as 501:
    // said with a body, so Teams and Copilot show "not supported" rather than a failure.
    const response = await super.onInvokeActivity(context);
    if (response.status === 501) {
      this.deps.logger.info({ invoke: String(context.activity.name ?? '').slice(0, 100) }, 'invoke not handled by this bot');
      return { status: 501, body: { code: 'NotImplemented', message: 'This bot does not handle this kind of invoke.' } };
    }
    return response;
  }

  /**
   * A Universal Action (Action.Execute) on one of our cards. Checked here rather than by botbuilder, which
   * answers some malformed payloads with a 500. The card in the answer replaces the clicked one in place.
   * An answer not ready within the hand-off time is answered with the card in a "refreshing" state, and
   * the card is replaced (updateActivity) when the answer comes: with the answer, or the card as it was
   * and one sentence. In a channel or group chat a view is one person's: the finished view waits for
   * that person's client to fetch it (their refresh), prompted by putting the shared card back.
   */
  private async onCardAction(context: TurnContext): Promise<InvokeResponse> {
    const value = context.activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined;
    if (!value?.action || value.action.type !== 'Action.Execute') return cardActionError(400, 'BadRequest', 'Expected an Action.Execute.');
    const { verb, data } = value.action;
    const activity = context.activity;
    const messageId = activity.replyToId;
    const shared = isSharedConversation(activity);
    const key = `${activity.from.aadObjectId ?? activity.from.id}|${messageId ?? activity.conversation.id}|${String(verb)}|${flightText(data)}`;
    if (shared) {
      const ready = this.readyViews.get(key);
      if (ready) {
        this.readyViews.delete(key);
        return this.invokeResponse(ready, verb);
      }
    }
    const previous = messageId ? this.deps.cards.get(messageId) : undefined;
    const outcome = await this.deps.runner.run<CardActionOutcome>(
      context,
      (turn) => this.deps.cardActions(turn, verb, data),
      { flightKey: key, quietRefusal: true },
      (late, relay, turn) => this.deliverLateCardAction(late, { relay, turn, messageId, shared, previous, key }),
    );
    const messages = messagesFor(activity.locale);
    switch (outcome.kind) {
      case 'done':
        if (!shared && messageId && outcome.value.kind === 'card') this.deps.cards.remember(messageId, outcome.value.card);
        return this.invokeResponse(outcome.value, verb);
      case 'later':
      case 'joined-later':
        return this.invokeResponse({ kind: 'card', card: refreshingCard(previous, messages, shared) }, verb);
      case 'refused':
        return this.invokeResponse({ kind: 'message', text: messages.progress.busy }, verb);
    }
  }

  private readonly readyViews = new LRUCache<string, CardActionOutcome>({ max: 1_000, ttl: READY_VIEW_TTL_MS });

  private invokeResponse(outcome: CardActionOutcome, verb: unknown): InvokeResponse {
    switch (outcome.kind) {
      case 'card':
        return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: outcome.card } };
      case 'message':
        return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: outcome.text } };
      case 'invalid':
        this.deps.logger.warn({ verb: String(verb), reason: outcome.reason }, 'card action refused');
        return cardActionError(400, 'BadRequest', outcome.reason);
    }
  }

  /** botbuilder answers the fileConsent/invoke with 200 once these return. */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.consentAnswered(context, response);
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.consentAnswered(context, response);
  }

  private async consentAnswered(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const answer = this.deps.fileConsent;
    if (answer) await this.deps.runner.run(context, (turn) => answer(turn, response));
  }

  /** The answer to a card action that came after its invoke was answered with the refreshing card. */
  private async deliverLateCardAction(
    outcome: CardActionOutcome,
    where: { relay: TurnRelay; turn: ChatTurn; messageId: string | undefined; shared: boolean; previous: AdaptiveCard | undefined; key: string },
  ): Promise<void> {
    const { relay, turn, messageId, previous } = where;
    const messages = messagesFor(turn.locale);
    if (!messageId) {
      // Teams always names the message a card is on; without it there is no card to replace.
      turn.log.warn('a late card action answer has no message to update');
      if (outcome.kind === 'message') await relay.use((context) => context.sendActivity(outcome.text));
      return;
    }
    if (where.shared) {
      this.readyViews.set(where.key, outcome);
      // The shared card again, unchanged: Teams then fetches each member's view, this one's from readyViews.
      const base = previous;
      if (base) await relay.use((context) => context.updateActivity(cardActivity(messageId, base)));
      turn.log.info({ updated: Boolean(base) }, 'late view of a shared card is ready for its viewer');
      return;
    }
    const card =
      outcome.kind === 'card' ? outcome.card : cardWithNotice(previous, outcome.kind === 'message' ? outcome.text : messages.error(ErrorCodes.Internal, turn.correlationId));
    await relay.use((context) => context.updateActivity(cardActivity(messageId, card)));
    this.deps.cards.remember(messageId, card);
    turn.log.info({ outcome: outcome.kind }, 'card replaced with the late answer');
  }

  /**
   * Runs the command the user was waiting for before signing in, after the invoke that finished the
   * sign-in was answered: a slow Partner Center must not make Teams give up on the invoke.
   */
  private async resumeAfterSignIn(context: TurnContext): Promise<void> {
    const { from } = context.activity;
    const pending = await this.deps.pendingCommands.take(userKeyOf({ user: { id: from.id, ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}) } }));
    if (pending) await this.deps.runner.run(context, (turn) => this.deps.handleMessage({ ...turn, text: pending }, { replay: true }), { atOnce: true });
  }
}

function cardActivity(id: string, card: AdaptiveCard): Partial<Activity> {
  return { id, type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] };
}

function isSharedConversation(activity: Activity): boolean {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat';
}

/** What makes two messages the same question: the same person, conversation and command. */
function messageFlightKey(activity: Activity): string {
  const text = (activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, ' ').trim().toLowerCase();
  return `${activity.from.aadObjectId ?? activity.from.id}|${activity.conversation.id}|${text}|${flightText(activity.value)}`;
}

function flightText(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value) ?? '';
  return text.length > 1_000 ? text.slice(0, 1_000) : text;
}

function cardActionError(status: number, code: string, message: string): InvokeResponse {
  return { status, body: { statusCode: status, type: 'application/vnd.microsoft.error', value: { code, message } } };
}
