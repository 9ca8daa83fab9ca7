import pino from 'pino';
import type { Activity } from 'botbuilder';
import { createProgress, TEAMS_STREAM_TIMINGS } from '../../../src/teams/progress-stream';

/** What the stream sent, with the (fake) time it was sent at. */
function recorder() {
  const sent: Array<{ at: number; activity: Partial<Activity> }> = [];
  let next = 0;
  return {
    sent,
    send: async (activity: Partial<Activity>) => {
      sent.push({ at: Date.now(), activity });
      return `activity-${++next}`;
    },
  };
}

const info = (activity: Partial<Activity>) => activity.channelData as { streamType: string; streamSequence?: number; streamId?: string };

describe('progress in a personal chat (Teams streaming)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());
  const log = pino({ level: 'silent' });

  it('costs no call to Teams while the work is quick', async () => {
    const { sent, send } = recorder();
    const progress = createProgress({ streaming: true, startedAt: Date.now(), send, log });
    progress.update('Looking up Contoso…');
    await jest.advanceTimersByTimeAsync(5_000);
    const final = await progress.finish({ type: 'message', text: 'answer' });
    expect(sent).toEqual([]);
    expect(final).toEqual({ type: 'message', text: 'answer' });
  });

  it('starts 2 s into slow work, paces updates at least 1.5 s apart with the latest text, and ends with the final message', async () => {
    const startedAt = Date.now();
    const { sent, send } = recorder();
    const progress = createProgress({ streaming: true, startedAt, send, log });
    progress.update('Looking up Contoso…');
    await jest.advanceTimersByTimeAsync(1_500);
    progress.wake();
    await jest.advanceTimersByTimeAsync(499);
    expect(sent).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(1);

    // Three pages in quick succession: only the latest is shown, when the pace allows.
    for (const page of [1, 2, 3]) progress.update(`Reading Partner Center, page ${page} of 8…`);
    await jest.advanceTimersByTimeAsync(TEAMS_STREAM_TIMINGS.intervalMs - 1);
    expect(sent).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent.map((s) => s.activity.text)).toEqual(['Looking up Contoso…', 'Reading Partner Center, page 3 of 8…']);

    const final = await progress.finish({ type: 'message', attachments: [] });
    expect(sent.map((s) => info(s.activity))).toEqual([
      { streamType: 'informative', streamSequence: 1 },
      { streamType: 'informative', streamSequence: 2, streamId: 'activity-1' },
    ]);
    expect(sent.every((s) => s.activity.type === 'typing')).toBe(true);
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(1_500);
    expect(final.channelData).toEqual({ streamId: 'activity-1', streamType: 'final' });
    expect(final.entities).toEqual([{ type: 'streaminfo', streamId: 'activity-1', streamType: 'final' }]);

    // After the final message, nothing more.
    progress.update('late');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(2);
  });

  it('stops updating before Teams’ 2-minute limit and sends the answer as a plain message past it', async () => {
    const { sent, send } = recorder();
    const progress = createProgress({ streaming: true, startedAt: Date.now(), send, log });
    progress.wake();
    for (let second = 0; second < 130; second++) {
      progress.update(`page ${second}`);
      await jest.advanceTimersByTimeAsync(1_000);
    }
    const last = sent.at(-1)!.at - sent[0]!.at;
    expect(last).toBeLessThanOrEqual(TEAMS_STREAM_TIMINGS.lastUpdateBeforeMs + TEAMS_STREAM_TIMINGS.intervalMs);
    const final = await progress.finish({ type: 'message', text: 'answer' });
    expect(final).toEqual({ type: 'message', text: 'answer' });
  });

  it('answers with a plain message when the first update could not be sent', async () => {
    const progress = createProgress({ streaming: true, startedAt: Date.now(), send: async () => Promise.reject(new Error('503')), log });
    progress.update('Looking up Contoso…');
    progress.wake();
    await jest.advanceTimersByTimeAsync(3_000);
    expect(await progress.finish({ type: 'message', text: 'answer' })).toEqual({ type: 'message', text: 'answer' });
  });
});

describe('progress in channels and group chats', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('shows the typing indicator once the work is slow, at most once per 3 s, without text', async () => {
    const { sent, send } = recorder();
    const progress = createProgress({ streaming: false, startedAt: Date.now(), send, log: pino({ level: 'silent' }) });
    progress.update('Looking up Contoso…');
    expect(sent).toHaveLength(0);
    progress.wake();
    progress.update('Reading…');
    await jest.advanceTimersByTimeAsync(3_000);
    progress.update('Reading page 2…');
    expect(sent.map((s) => s.activity)).toEqual([{ type: 'typing' }, { type: 'typing' }]);
  });
});
