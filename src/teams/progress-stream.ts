import type { Activity } from 'botbuilder';
import type { Logger } from '../logging/logger';

/** Teams' pacing for streamed progress (teams-platform.md, "Streaming in personal chat"). Milliseconds. */
export interface StreamTimings {
  /** Work that takes longer than this shows its progress. */
  startAfterMs: number;
  /** Between two updates; Teams throttles faster ones (1.5–2 s). */
  intervalMs: number;
  /** No informative update after this long: Teams ends a stream after 2 minutes. */
  lastUpdateBeforeMs: number;
  /** The final message belongs to the stream only within this time of its first update. */
  maxStreamMs: number;
}

export const TEAMS_STREAM_TIMINGS: Readonly<StreamTimings> = {
  startAfterMs: 2_000,
  intervalMs: 1_800,
  lastUpdateBeforeMs: 110_000,
  maxStreamMs: 118_000,
};

/** Teams' limit for the text of one informative update. */
const MAX_UPDATE_CHARS = 1_000;

/** How long a typing indicator shows in Teams; another one sooner changes nothing. */
const TYPING_SHOWS_MS = 3_000;

export type SendActivity = (activity: Partial<Activity>) => Promise<string | undefined>;

/**
 * "What slow work is doing now", shown once the work is slow. Until then updates are only remembered,
 * so a quick answer costs no call to Teams. Never throws: progress is a courtesy.
 */
export interface Progress {
  update(text: string): void;
  /** The work is slow (it was handed off): start showing the latest update, paced. */
  wake(): void;
  /** Makes `message` the end of the stream, if one is open; after this, updates are ignored. */
  finish(message: Partial<Activity>): Promise<Partial<Activity>>;
}

export interface ProgressOptions {
  /** Streaming updates in personal chats; elsewhere the typing indicator. */
  streaming: boolean;
  startedAt: number;
  send: SendActivity;
  log: Logger;
  timings?: StreamTimings;
  now?: () => number;
}

export function createProgress(options: ProgressOptions): Progress {
  return options.streaming ? createStream(options) : createTypingProgress(options);
}

/**
 * Teams streaming: informative `typing` updates carrying a streaminfo entity (sequence from 1, the
 * first update's id as the stream id), never faster than the interval, coalesced to the latest text;
 * the final message carries the card and closes the stream. One update is in flight at a time.
 */
function createStream(options: ProgressOptions): Progress {
  const timings = options.timings ?? TEAMS_STREAM_TIMINGS;
  const now = options.now ?? Date.now;
  let latest: string | undefined;
  let awake = false;
  let ended = false;
  let sequence = 0;
  let streamId: string | undefined;
  let firstSentAt = 0;
  let lastSentAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> | undefined;

  function schedule() {
    if (ended || !awake || latest === undefined || timer || sending) return;
    if (sequence > 0 && now() - firstSentAt > timings.lastUpdateBeforeMs) return;
    const dueAt = sequence === 0 ? options.startedAt + timings.startAfterMs : lastSentAt + timings.intervalMs;
    timer = setTimeout(flush, Math.max(0, dueAt - now()));
  }

  function flush() {
    timer = undefined;
    if (ended || latest === undefined) return;
    const text = latest.slice(0, MAX_UPDATE_CHARS);
    latest = undefined;
    sequence += 1;
    const streamSequence = sequence;
    lastSentAt = now();
    if (streamSequence === 1) firstSentAt = lastSentAt;
    const info = { streamType: 'informative' as const, streamSequence, ...(streamId ? { streamId } : {}) };
    const activity: Partial<Activity> = { type: 'typing', text, ...streamInfo(info) };
    sending = options
      .send(activity)
      .then((id) => {
        if (streamSequence === 1) {
          streamId = id;
          // Without an id there is no stream to continue: the answer comes as a plain message.
          if (!id) ended = true;
        }
      })
      .catch((error: unknown) => {
        options.log.warn({ err: error, streamSequence }, 'could not show progress');
        if (streamSequence === 1) ended = true;
      })
      .finally(() => {
        sending = undefined;
        schedule();
      });
  }

  return {
    update(text) {
      if (ended) return;
      latest = text;
      schedule();
    },
    wake() {
      awake = true;
      schedule();
    },
    async finish(message) {
      ended = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await sending;
      if (!streamId || now() - firstSentAt > timings.maxStreamMs) return message;
      const info = streamInfo({ streamId, streamType: 'final' });
      return { ...message, entities: [...(message.entities ?? []), ...info.entities], channelData: { ...message.channelData, ...info.channelData } };
    },
  };
}

/**
 * The stream's fields, as the protocol puts them (a streaminfo entity) and also in channelData:
 * botframework-connector's serializer keeps only the fields it knows of an entity (type, text, …), so
 * from botbuilder the entity arrives as a bare type; channelData passes as it is. Microsoft's Teams AI
 * library for botbuilder sends both the same way.
 */
function streamInfo(info: { streamType: 'informative' | 'final'; streamSequence?: number; streamId?: string }) {
  return { entities: [{ type: 'streaminfo', ...info }], channelData: { ...info } };
}

/** Channels and group chats have no streaming: a typing indicator, at most one per few seconds. */
function createTypingProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  let awake = false;
  let ended = false;
  let wanted = false;
  let lastTypingAt = Number.NEGATIVE_INFINITY;
  let sending: Promise<unknown> | undefined;

  function typing() {
    if (ended || !awake || !wanted || now() - lastTypingAt < TYPING_SHOWS_MS) return;
    wanted = false;
    lastTypingAt = now();
    sending = options.send({ type: 'typing' }).catch((error: unknown) => options.log.warn({ err: error }, 'could not show progress'));
  }

  return {
    update() {
      wanted = true;
      typing();
    },
    wake() {
      awake = true;
      typing();
    },
    async finish(message) {
      ended = true;
      // An indicator on its way must arrive before the answer, or Teams would show it after the answer.
      await sending;
      return message;
    },
  };
}
