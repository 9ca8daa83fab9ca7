import { PROCESS_SPOOL_MEMORY } from '../../src/alerts/shard-spool';
import { startTestBot } from '../helpers/test-bot';

/** SPOOL_MEMORY_MB reaches the one budget every spool of the process takes from (src/alerts/shard-spool.ts). */
describe('the spool memory setting', () => {
  it('keeps every spooled row on disk with SPOOL_MEMORY_MB=0, and allows 8 MB in memory by default', async () => {
    const onDisk = await startTestBot({ SPOOL_MEMORY_MB: '0', ALERT_SCHEDULE: 'off' });
    try {
      expect(PROCESS_SPOOL_MEMORY.take(1)).toBe(false);
    } finally {
      await onDisk.close();
    }
    const byDefault = await startTestBot({ ALERT_SCHEDULE: 'off' });
    try {
      expect(PROCESS_SPOOL_MEMORY.take(8 * 1024 * 1024)).toBe(true);
      PROCESS_SPOOL_MEMORY.give(8 * 1024 * 1024);
      expect(PROCESS_SPOOL_MEMORY.take(8 * 1024 * 1024 + 1)).toBe(false);
    } finally {
      await byDefault.close();
    }
  });
});
