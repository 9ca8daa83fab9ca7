import { emptyAlertState, readAlertState } from '../../../../src/core/alerts/alert-state';
import { decideAlerts } from '../../../../src/core/alerts/decide-alerts';
import { CodedError, ErrorCodes } from '../../../../src/core/errors';
import { day, scannedCustomer } from './scanned-customer';

/** A state as storage hands it back: JSON, with the eTag the storage adapter adds. */
function storedStateWithContoso(): Record<string, unknown> {
  const { state } = decideAlerts({ state: emptyAlertState(), measured: [{ threshold: 30, customers: [scannedCustomer('Contoso', { Teams: 10 })] }], now: day(0) });
  return JSON.parse(JSON.stringify({ ...state, eTag: '"42"' })) as Record<string, unknown>;
}

function errorOf(read: () => unknown): CodedError {
  try {
    read();
  } catch (error) {
    if (error instanceof CodedError) return error;
    throw error;
  }
  throw new Error('expected readAlertState to refuse the document');
}

describe('readAlertState', () => {
  it('starts a conversation that has nothing stored with no findings', () => {
    expect(readAlertState(undefined)).toEqual(emptyAlertState());
    expect(readAlertState(null)).toEqual(emptyAlertState());
  });

  it("reads back what a pass stored, without the storage adapter's eTag", () => {
    const read = readAlertState(storedStateWithContoso());
    expect(read).not.toHaveProperty('eTag');
    expect(read.findings).toEqual([expect.objectContaining({ customerId: 'id-contoso', workloadName: 'Teams', status: 'low' })]);
  });

  it('refuses a document of another version instead of alerting everything again', () => {
    const error = errorOf(() => readAlertState({ ...storedStateWithContoso(), version: 2 }));
    expect(error.code).toBe(ErrorCodes.Internal);
    expect(error.message).toMatch(/version 2/);
  });

  it('refuses a malformed document without repeating its content in the error', () => {
    const stored = storedStateWithContoso();
    const [finding] = stored.findings as Record<string, unknown>[];
    const error = errorOf(() => readAlertState({ ...stored, findings: [{ ...finding, lastAlertedPercent: 'ten' }] }));

    expect(error.code).toBe(ErrorCodes.Internal);
    expect(error.message).toMatch(/findings\.0\.lastAlertedPercent/);
    expect(error.message).not.toMatch(/contoso|Teams/i);
  });
});
