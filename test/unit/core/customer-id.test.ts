import { readConversationAlerts } from '../../../src/core/alerts/subscriptions';
import { customerId, customerIdSchema } from '../../../src/core/customers/customer-id';

const MIXED = ' C0a1B2c3-D4E5-4f60-8172-839405A6B763 ';
const LOWER = 'c0a1b2c3-d4e5-4f60-8172-839405a6b763';

describe('customer ids', () => {
  it('are spelled one way, whatever case and spaces Partner Center or a person used', () => {
    expect(customerId(MIXED)).toBe(LOWER);
    expect(customerId(MIXED)).toBe(customerId(LOWER));
    expect(customerIdSchema.parse(MIXED)).toBe(LOWER);
  });

  it('are never empty', () => {
    expect(() => customerId('  ')).toThrow();
    expect(customerIdSchema.safeParse('').success).toBe(false);
  });

  it('stored before they were normalised, are read in the one spelling, and a mute stored twice counts once', () => {
    const stored = { version: 1, conversationId: 'a:chat', subscriptions: [], mutedCustomerIds: [MIXED.trim(), LOWER] };
    expect(readConversationAlerts(stored, 'a:chat').mutedCustomerIds).toEqual([LOWER]);
  });
});
