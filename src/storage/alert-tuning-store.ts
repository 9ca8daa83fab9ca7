import type { Storage } from 'botbuilder';
import { readStoredDocument } from '../core/alerts/stored-document';
import { alertTuningSchema, emptyTuning, TUNING_VERSION, type AlertTuning } from '../core/alerts/alert-tuning';
import { CodedError, ErrorCodes } from '../core/errors';
import { storedETag, writeIfUnchanged } from './conditional-write';

/** A conversation's alert tuning (snoozes, ignored products, customer thresholds): one small document each. */
export interface AlertTuningStore {
  get(conversationId: string): Promise<AlertTuning>;
  /** Applies a pure change by compare-and-set; `change` returns what to store and what to answer with. */
  update<T>(conversationId: string, change: (current: AlertTuning) => { tuning: AlertTuning; result: T }): Promise<T>;
  forget(conversationId: string): Promise<void>;
}

const MAX_ATTEMPTS = 10;

/** Where a conversation's tuning is stored (also for `forget`, which deletes it). */
export const alertTuningKeyOf = (conversationId: string): string => `alert-tuning/${encodeURIComponent(conversationId)}`;

export function alertTuningStore(storage: Storage): AlertTuningStore {
  const keyOf = alertTuningKeyOf;
  async function read(conversationId: string) {
    const key = keyOf(conversationId);
    const item = (await storage.read([key]))[key];
    const tuning = item === undefined || item === null ? emptyTuning() : readStoredDocument(item, TUNING_VERSION, alertTuningSchema, 'alert tuning');
    return { key, tuning: tuning as AlertTuning, eTag: storedETag(item) };
  }
  return {
    async get(conversationId) {
      return (await read(conversationId)).tuning;
    },
    async update(conversationId, change) {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const { key, tuning, eTag } = await read(conversationId);
        const next = change(tuning);
        if (await writeIfUnchanged(storage, key, next.tuning, eTag)) return next.result;
      }
      throw new CodedError(ErrorCodes.Internal, `Could not update alert tuning: another writer changed it ${MAX_ATTEMPTS} times in a row`);
    },
    async forget(conversationId) {
      await storage.delete([keyOf(conversationId)]);
    },
  };
}
