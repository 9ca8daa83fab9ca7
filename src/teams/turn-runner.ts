import { boundingWork } from '../timing/deadline-signal';
import { ActivityTypes, type CloudAdapter, type TurnContext } from 'botbuilder';
import type { ChatTurn } from '../commands/chat-turn';
import { messagesFor } from '../i18n';
import type { Logger } from '../logging/logger';
import type { BackgroundWork } from './background-work';
import { chatTurnOver } from './botbuilder-chat-turn';
import type { StreamTimings } from './progress-stream';
import type { RecentCards } from './recent-cards';
import { createTurnRelay, type TurnRelay } from './turn-relay';

export interface TurnRunnerOptions {
  adapter: CloudAdapter;
  botAppId: string | undefined;
  logger: Logger;
  oauthConnectionName?: string;
  /** Work not done after this long continues after the HTTP answer, in a proactive turn. */
  handOffMs: number;
  work: BackgroundWork;
  cards: RecentCards;
  streamTimings?: StreamTimings;
}

export interface RunOptions {
  /** Run outside the inbound turn from the start (the sign-in replay: its invoke answers at once). */
  atOnce?: boolean;
  /** Same key, same question: a second one while the first is running joins it instead of asking again. */
  flightKey?: string;
  /** When refused for being busy, say nothing: the caller answers (an invoke answers in its response). */
  quietRefusal?: boolean;
}

/** How a piece of work came out, as far as the inbound turn is concerned. */
export type RunOutcome<T> =
  | { kind: 'done'; value: T }
  /** Still running after the hand-off; `later` settles with its value, after which `then` ran. */
  | { kind: 'later' }
  /** Joined a running flight that was not done in time either. */
  | { kind: 'joined-later' }
  /** Not taken: too much work already. The user was told. */
  | { kind: 'refused' };

export interface TurnRunner {
  /**
   * Runs `work` against a ChatTurn over `inbound`. If it is done within the hand-off time, that is the
   * whole story (a quick answer costs one call to Teams, inside the inbound turn). If not, the inbound
   * turn may end (HTTP 200 to Teams) while the work goes on in a proactive turn; `then` runs with its
   * value there (a card action updates its card).
   */
  run<T>(inbound: TurnContext, work: (turn: ChatTurn) => Promise<T>, options?: RunOptions, then?: (value: T, relay: TurnRelay, turn: ChatTurn) => Promise<void>): Promise<RunOutcome<T>>;
}

export function createTurnRunner(options: TurnRunnerOptions): TurnRunner {
  const { work: background, logger } = options;

  return {
    async run(inbound, work, runOptions = {}, then) {
      const flightKey = runOptions.flightKey;
      const running = flightKey ? background.flight<unknown>(flightKey) : undefined;
      if (running && flightKey) {
        // The same question while its answer is still coming: wait along for a moment, never ask twice.
        const joined = await withinHandOff(running, runOptions.atOnce ? 0 : options.handOffMs);
        return joined.done ? { kind: 'done', value: joined.value as never } : { kind: 'joined-later' };
      }

      const relay = createTurnRelay(inbound, { adapter: options.adapter, botAppId: options.botAppId }, runOptions.atOnce);
      const stopping = new AbortController();
      // Every deadline of the turn's work listens to it until it ends.
      boundingWork(stopping.signal);
      // Once the user was told the answer was interrupted, nothing the work still says may follow it.
      let silenced = false;
      const guarded: TurnRelay = {
        get handedOff() {
          return relay.handedOff;
        },
        use: (call) => (silenced ? Promise.reject(new Error('The answer was interrupted')) : relay.use(call)),
        handOff: () => relay.handOff(),
        close: () => relay.close(),
      };
      const { turn, slow } = chatTurnOver(inbound, guarded, {
        logger,
        cards: options.cards,
        stopping: stopping.signal,
        ...(options.oauthConnectionName ? { oauthConnectionName: options.oauthConnectionName } : {}),
        ...(options.streamTimings ? { streamTimings: options.streamTimings } : {}),
      });

      const slot = background.slot();
      if (!slot) {
        turn.log.warn({ running: background.running, queued: background.queued }, 'too many commands at once; refused one');
        if (!runOptions.quietRefusal) await turn.sendText(messagesFor(turn.locale).progress.busy).catch((error: unknown) => turn.log.warn({ err: error }, 'could not say the bot is busy'));
        await relay.close();
        return { kind: 'refused' };
      }

      const job = (async () => {
        const release = await slot;
        try {
          if (stopping.signal.aborted) throw new Error('The bot stopped before the work started');
          return await work(turn);
        } finally {
          release();
        }
      })();
      if (flightKey) background.startFlight(flightKey, job);

      const inTime = await withinHandOff(job, runOptions.atOnce ? 0 : options.handOffMs).catch(async (error: unknown) => {
        await relay.close();
        throw error;
      });
      if (inTime.done) {
        await relay.close();
        return { kind: 'done', value: inTime.value };
      }

      // Slow: the inbound turn ends once the calls it carries are done; the rest goes on without it.
      slow();
      await relay.handOff();
      turn.log.info({ handOffMs: options.handOffMs, background: background.background + 1 }, 'answer continues after the inbound turn');
      const settled = job
        .then(async (value) => {
          if (then) await then(value, guarded, turn);
        })
        .catch((error: unknown) => {
          if (!silenced) turn.log.error({ err: error }, 'background answer failed');
        })
        .finally(() => relay.close());
      background.track({
        settled,
        interrupt: async () => {
          silenced = true;
          stopping.abort();
          await relay.use((context) =>
            context.sendActivity({ type: ActivityTypes.Message, text: messagesFor(turn.locale).progress.interrupted, textFormat: 'markdown' }),
          );
          turn.log.info('told the user their answer was interrupted');
        },
      });
      return { kind: 'later' };
    },
  };
}

/** The work's value if it settles within `ms`; a rejection counts as settled and is rethrown. */
async function withinHandOff<T>(work: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ done: false }>((resolve) => (timer = setTimeout(() => resolve({ done: false }), ms)));
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
