import {
  TeamsActivityHandler,
  type FileConsentCardResponse,
  type InvokeResponse,
  type SigninStateVerificationQuery,
  type TurnContext,
} from 'botbuilder';
import { userKeyOf, type ChatTurn } from '../commands/chat-turn';
import type { CardActionHandler } from '../commands/card-action-outcome';
import type { MessageHandler } from '../commands/handle-message';
import type { InstallationHandlers } from '../commands/installation';
import type { CustomerSearch } from '../commands/message-extension/customer-search';
import type { PendingCommands } from '../commands/pending-commands';
import { messagesFor } from '../i18n';
import type { ConversationReferenceStore } from '../storage/conversation-reference-store';
import type { Logger } from '../logging/logger';
import { chatTurnFrom } from './botbuilder-chat-turn';
import { answerSearchQuery } from './message-extension';
import { userTokenClientOf } from './teams-account';

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
}

/**
 * The Teams activity handler: routes each kind of activity to the SDK-free handlers. It holds no
 * logic of its own beyond translating botbuilder's world into ChatTurn and finishing sign-ins.
 */
export class UsageBot extends TeamsActivityHandler {
  constructor(private readonly deps: UsageBotDeps) {
    super();
    this.onMessage(async (context: TurnContext, next) => {
      await deps.references.remember(context.activity);
      await deps.handleMessage(this.turn(context));
      await next();
    });
    // Teams announces installs both as installationUpdate and conversationUpdate; only the former is
    // used, so nobody is welcomed twice.
    this.onInstallationUpdateAdd(async (context, next) => {
      await deps.references.remember(context.activity);
      await deps.installation.installed(this.turn(context));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await deps.references.forget(context.activity.conversation.id);
      await deps.installation.uninstalled(this.turn(context));
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
   */
  private async onCardAction(context: TurnContext): Promise<InvokeResponse> {
    const value = context.activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined;
    if (!value?.action || value.action.type !== 'Action.Execute') return cardActionError(400, 'BadRequest', 'Expected an Action.Execute.');
    const outcome = await this.deps.cardActions(this.turn(context), value.action.verb, value.action.data);
    switch (outcome.kind) {
      case 'card':
        return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: outcome.card } };
      case 'message':
        return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: outcome.text } };
      case 'invalid':
        this.deps.logger.warn({ verb: String(value.action.verb), reason: outcome.reason }, 'card action refused');
        return cardActionError(400, 'BadRequest', outcome.reason);
    }
  }

  /** botbuilder answers the fileConsent/invoke with 200 once these return. */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.deps.fileConsent?.(this.turn(context), response);
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.deps.fileConsent?.(this.turn(context), response);
  }

  private async resumeAfterSignIn(context: TurnContext): Promise<void> {
    const turn = this.turn(context);
    const pending = await this.deps.pendingCommands.take(userKeyOf(turn));
    if (pending) await this.deps.handleMessage({ ...turn, text: pending }, { replay: true });
  }

  private turn(context: TurnContext) {
    return chatTurnFrom(context, {
      logger: this.deps.logger,
      ...(this.deps.oauthConnectionName ? { oauthConnectionName: this.deps.oauthConnectionName } : {}),
    });
  }
}

function cardActionError(status: number, code: string, message: string): InvokeResponse {
  return { status, body: { statusCode: status, type: 'application/vnd.microsoft.error', value: { code, message } } };
}
