import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import { z } from 'zod';
import type { ScheduledSlots } from '../alerts/schedule-slots';
import { CodedError, ErrorCodes } from '../core/errors';

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
      // Nothing stored yet: a made-up eTag is accepted only while nothing is stored under the key
      // (MemoryStorage's rule, which the SQLite and blob storages keep), so two first writers conflict.
      await storage.write({ [KEY]: { version: VERSION, slot: slot.toISOString(), eTag: previous.eTag ?? `new-${randomUUID()}` } });
    },
  };
}
