import type { Storage } from 'botbuilder';
import { z } from 'zod';
import type { ScheduledSlots } from '../alerts/schedule-slots';
import type { Logger } from '../logging/logger';
import { writeIfUnchanged } from './conditional-write';
import { readDocument } from './stored-documents';

/** The last scheduled alert slot, one item in botbuilder storage shared by every instance. */

const KEY = 'alert-schedule/last-slot';
const VERSION = 1;

const slotDocument = {
  name: 'alert schedule slot',
  version: VERSION,
  schema: z.object({ version: z.literal(VERSION), slot: z.iso.datetime({ offset: true }) }),
};

export function alertSlotStore(storage: Storage, logger: Logger): ScheduledSlots {
  return {
    async read() {
      // A corrupt record reads as "never ran": at worst the latest slot runs once more, and alert state
      // keeps that pass from posting anything twice. Its eTag is kept, so recording replaces it.
      const { value, eTag } = await readDocument(storage, KEY, slotDocument, logger);
      return { ...(value ? { lastSlot: new Date(value.slot) } : {}), ...(eTag ? { eTag } : {}) };
    },

    async record(slot, previous) {
      const written = await writeIfUnchanged(storage, KEY, { version: VERSION, slot: slot.toISOString() }, previous.eTag);
      if (!written) throw new Error('Another instance recorded a scheduled alert slot since this one read it');
    },
  };
}
