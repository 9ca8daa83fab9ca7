import type { Storage, StoreItem } from 'botbuilder';
import { z } from 'zod';
import type { ScheduledSlots } from '../alerts/schedule-slots';
import { CodedError, ErrorCodes } from '../core/errors';
import { writeIfUnchanged } from './conditional-write';

/** The last scheduled alert slot, one item in botbuilder storage shared by every instance. */

const KEY = 'alert-schedule/last-slot';
const VERSION = 1;

const slotSchema = z.object({ version: z.literal(VERSION), slot: z.iso.datetime({ offset: true }) });

export function alertSlotStore(storage: Storage): ScheduledSlots {
  return {
    async read() {
      const item = (await storage.read([KEY]))[KEY] as StoreItem | undefined;
      if (!item) return {};
      const parsed = slotSchema.safeParse(item);
      // Refused rather than ignored: treating it as "never ran" would run a slot twice.
      if (!parsed.success) throw new CodedError(ErrorCodes.Internal, 'Stored alert schedule slot is malformed');
      return { lastSlot: new Date(parsed.data.slot), eTag: item.eTag };
    },

    async record(slot, previous) {
      const written = await writeIfUnchanged(storage, KEY, { version: VERSION, slot: slot.toISOString() }, previous.eTag);
      if (!written) throw new Error('Another instance recorded a scheduled alert slot since this one read it');
    },
  };
}
