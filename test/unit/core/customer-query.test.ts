import { classifyCustomerQuery } from '../../../src/core/customers/customer-query';

describe('classifyCustomerQuery', () => {
  it('recognises a customer id in any case and normalises it', () => {
    expect(classifyCustomerQuery('4D3CF487-70F4-4E1E-9FF1-B2BFCE8D9F04')).toEqual({
      kind: 'id',
      value: '4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04',
    });
  });

  it.each(['contoso.com', 'Contoso.OnMicrosoft.com', 'sub.fabrikam.co.uk'])('treats %j as a domain', (text) => {
    expect(classifyCustomerQuery(text)).toEqual({ kind: 'domain', value: text.toLowerCase() });
  });

  it.each(['Contoso', 'Contoso Ltd.', 'A. Datum Corporation', 'Litware [Test]', '4d3cf487-70f4', 'www'])(
    'treats %j as (the start of) a company name',
    (text) => {
      expect(classifyCustomerQuery(text)).toEqual({ kind: 'name', value: text });
    },
  );
});
