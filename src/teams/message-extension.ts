import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { CustomerSearch, SearchOutcome } from '../commands/message-extension/customer-search';
import { messagesFor } from '../i18n';
import type { Logger } from '../logging/logger';
import { chatTurnFrom } from './botbuilder-chat-turn';
import { messageExtensionAccount, signInLinkFor } from './teams-account';

export interface MessageExtensionOptions {
  search: CustomerSearch;
  logger: Logger;
  oauthConnectionName?: string;
}

interface QueryValue {
  commandId?: unknown;
  parameters?: unknown;
  queryOptions?: { skip?: unknown };
}

/**
 * `composeExtension/query`: a search typed in the compose box or the command box, or the empty query
 * Teams sends when the extension opens (initialRun). The answer is always a 200 with a result, a
 * message or a sign-in request: Teams shows a 500 as "something went wrong" with nothing to do.
 */
export async function answerSearchQuery(context: TurnContext, options: MessageExtensionOptions): Promise<InvokeResponse> {
  const value = (context.activity.value ?? {}) as QueryValue;
  const turn = { ...chatTurnFrom(context, options), account: messageExtensionAccount(context, options.oauthConnectionName) };
  let outcome: SearchOutcome;
  try {
    outcome = await options.search(turn, {
      commandId: typeof value.commandId === 'string' ? value.commandId : '',
      text: queryTextOf(value.parameters),
      skip: typeof value.queryOptions?.skip === 'number' ? value.queryOptions.skip : 0,
    });
  } catch (error) {
    // The search turns its own failures into messages; this is for the unforeseen.
    turn.log.error({ err: error }, 'message extension search failed unexpectedly');
    outcome = { kind: 'message', text: messagesFor(turn.locale).error('internal', turn.correlationId) };
  }
  switch (outcome.kind) {
    case 'results':
      return ok({
        type: 'result',
        attachmentLayout: 'list',
        attachments: outcome.results.map((result) => ({
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: result.card,
          preview: { contentType: 'application/vnd.microsoft.card.thumbnail', content: result.preview },
        })),
      });
    case 'message':
      return ok({ type: 'message', text: outcome.text });
    case 'sign-in': {
      const messages = messagesFor(turn.locale);
      const connection = options.oauthConnectionName;
      const link = connection ? await signInLinkFor(context, connection).catch(() => '') : '';
      if (!link) return ok({ type: 'message', text: messages.error('identity.unavailable', turn.correlationId) });
      return ok({ type: 'auth', suggestedActions: { actions: [{ type: 'openUrl', value: link, title: messages.messageExtension.signIn }] } });
    }
  }
}

function ok(composeExtension: object): InvokeResponse {
  return { status: 200, body: { composeExtension } };
}

/** The text of the search box; empty for initialRun (whose parameter is `initialRun: true`). */
function queryTextOf(parameters: unknown): string {
  if (!Array.isArray(parameters)) return '';
  for (const parameter of parameters as Array<{ name?: unknown; value?: unknown }>) {
    if (parameter?.name === 'initialRun') continue;
    if (typeof parameter?.value === 'string') return parameter.value.slice(0, 1_000);
  }
  return '';
}
