import { MemoryStorage } from 'botbuilder';
import { conversationReferenceStore } from '../../../src/storage/conversation-reference-store';

const channelMessage = (serviceUrl: string, messageId: string) => ({
  type: 'message',
  id: `activity-${messageId}`,
  channelId: 'msteams',
  serviceUrl,
  conversation: { id: `19:sales@thread.tacv2;messageid=${messageId}`, conversationType: 'channel', tenantId: 't1', isGroup: true, name: 'Sales' },
  from: { id: '29:anna', name: 'Anna' },
  recipient: { id: '28:bot', name: 'CSP Usage' },
});

describe('conversation references kept for proactive alerts', () => {
  it('keeps one reference per channel, for a new thread rather than a reply to one message', async () => {
    const references = conversationReferenceStore(new MemoryStorage());
    await references.remember(channelMessage('https://smba.example/emea/', '1000'));

    const reference = await references.get('19:sales@thread.tacv2;messageid=2000');
    expect(reference).toMatchObject({ serviceUrl: 'https://smba.example/emea/', conversation: { id: '19:sales@thread.tacv2' } });
    expect(reference?.activityId).toBeUndefined();
  });

  it('writes only when Teams moved the conversation, and keeps the newest serviceUrl', async () => {
    const storage = new MemoryStorage();
    const references = conversationReferenceStore(storage);
    const key = `conversation-reference/${encodeURIComponent('19:sales@thread.tacv2')}`;
    const eTagOf = async () => ((await storage.read([key]))[key] as { eTag?: string }).eTag;

    await references.remember(channelMessage('https://smba.example/emea/', '1'));
    const first = await eTagOf();
    await references.remember(channelMessage('https://smba.example/emea/', '2'));
    expect(await eTagOf()).toBe(first);

    await references.remember(channelMessage('https://smba.example/amer/', '3'));
    expect(await eTagOf()).not.toBe(first);
    expect((await references.get('19:sales@thread.tacv2'))?.serviceUrl).toBe('https://smba.example/amer/');
  });

  it('forgets a conversation', async () => {
    const references = conversationReferenceStore(new MemoryStorage());
    await references.remember(channelMessage('https://smba.example/emea/', '1'));
    await references.forget('19:sales@thread.tacv2');
    expect(await references.get('19:sales@thread.tacv2')).toBeUndefined();
  });

  it('reads storage once per conversation, not at every message, and stores the reference again after it was forgotten', async () => {
    const storage = new MemoryStorage();
    const reads = jest.spyOn(storage, 'read');
    const references = conversationReferenceStore(storage);
    await references.remember(channelMessage('https://smba.example/emea/', '1'));
    await references.remember(channelMessage('https://smba.example/emea/', '2'));
    await references.remember(channelMessage('https://smba.example/emea/', '3'));
    expect(reads).toHaveBeenCalledTimes(1);

    await references.forget('19:sales@thread.tacv2');
    await references.remember(channelMessage('https://smba.example/emea/', '4'));
    expect((await references.get('19:sales@thread.tacv2'))?.serviceUrl).toBe('https://smba.example/emea/');
  });
});

