import { TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { inProactiveTurn } from './proactive-turn';

/**
 * Where one piece of work reaches Teams: through the inbound turn while Teams waits for the HTTP
 * answer, then, once the work is handed off, through a proactive turn that lives until the work is
 * done. A TurnContext must never be used after its turn ended; going through `use` makes sure every
 * call gets a live one.
 */
export interface TurnRelay {
  /** Runs `call` with a live TurnContext: the inbound one before the hand-off, a proactive one after. */
  use<T>(call: (context: TurnContext) => Promise<T>): Promise<T>;
  /**
   * Stops using the inbound turn and resolves once the calls already made through it are done, so
   * the inbound turn may end. Later calls open the proactive turn (once).
   */
  handOff(): Promise<void>;
  /** True once handed off. */
  readonly handedOff: boolean;
  /** Ends the proactive turn, if one was opened, and resolves when it has ended. */
  close(): Promise<void>;
}

export interface TurnRelayOptions {
  adapter: CloudAdapter;
  /** The bot's app id; undefined in local mode. */
  botAppId: string | undefined;
}

/** A relay that starts on `inbound`; pass `handedOff` for work that must not run in the inbound turn at all. */
export function createTurnRelay(inbound: TurnContext, options: TurnRelayOptions, handedOff = false): TurnRelay {
  // Taken now, while the inbound context is alive. activityId keeps replies where the question was
  // (a channel thread, the message a card action was on).
  const reference = TurnContext.getConversationReference(inbound.activity) as ConversationReference & { serviceUrl: string };
  const inFlight = new Set<Promise<unknown>>();
  let live: TurnContext | undefined = handedOff ? undefined : inbound;
  let proactive: { context: Promise<TurnContext>; ended: Promise<void>; end: () => void } | undefined;

  function openProactive() {
    let end!: () => void;
    const finished = new Promise<void>((resolve) => (end = resolve));
    let opened!: (context: TurnContext) => void;
    let failed!: (error: unknown) => void;
    const context = new Promise<TurnContext>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    const ended = inProactiveTurn(options.adapter, options.botAppId, reference, async (turnContext) => {
      // The continuation activity gets a fresh id; the inbound one makes replies thread like the inbound turn's.
      if (reference.activityId) turnContext.activity.id = reference.activityId;
      opened(turnContext);
      await finished;
    }).catch((error: unknown) => failed(error));
    // Nobody may be waiting for the context when opening fails after it was handed out.
    context.catch(() => undefined);
    return { context, ended, end };
  }

  return {
    get handedOff() {
      return live === undefined;
    },
    use(call) {
      if (live) {
        const running = call(live);
        inFlight.add(running);
        const forget = () => inFlight.delete(running);
        running.then(forget, forget);
        return running;
      }
      proactive ??= openProactive();
      return proactive.context.then(call);
    },
    async handOff() {
      live = undefined;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      if (!proactive) return;
      proactive.end();
      await proactive.ended;
    },
  };
}
