import { customerId } from '../../../src/core/customers/customer-id';
import type { Customer } from '../../../src/core/customers/customer';
import { customerPool } from '../../../src/usage/customer-pool';

const listed = (name: string, domain?: string): Customer => ({
  id: customerId('c0a1b2c3-d4e5-4f60-8172-839405a6b763'),
  companyName: name,
  ...(domain ? { domain } : {}),
});

describe("the customers users' directories share", () => {
  it('holds a customer two users listed once, and takes what changed as it is', () => {
    const shared = customerPool();
    const anna = shared(listed('Contoso', 'contoso.example'));
    const bob = shared(listed('Contoso', 'contoso.example'));
    expect(bob).toBe(anna);

    // Renamed in Partner Center since: the new listing is used as listed, never the old name.
    const renamed = shared(listed('Contoso Pharma', 'contoso.example'));
    expect(renamed).not.toBe(anna);
    expect(renamed.companyName).toBe('Contoso Pharma');
    expect(shared(listed('Contoso', 'other.example')).domain).toBe('other.example');
  });
});
