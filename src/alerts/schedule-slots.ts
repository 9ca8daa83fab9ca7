/**
 * Which scheduled time ("slot") an alert pass last ran for, shared by every instance. Each instance
 * runs the same schedule, so at 08:00 on Monday all of them fire; the pass lock lets one run at a
 * time, and this record lets only the first run the slot: an instance whose timer fires a little
 * later finds the slot done and skips it.
 */
export interface ScheduledSlotRecord {
  /** The latest slot a pass ran to its end for; undefined before the first. */
  lastSlot?: Date;
  /** Storage's eTag of what was read; undefined when nothing was stored. Opaque. */
  eTag?: string;
}

export interface ScheduledSlots {
  read(): Promise<ScheduledSlotRecord>;
  /**
   * Records `slot` as run. Throws when someone else recorded a slot since `previous` was read (an
   * instance that held the lock after this one lost it).
   */
  record(slot: Date, previous: ScheduledSlotRecord): Promise<void>;
}
