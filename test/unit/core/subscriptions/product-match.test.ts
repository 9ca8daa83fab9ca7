import { productKey, sameProduct } from '../../../../src/core/subscriptions/product-match';

describe('product matching across usage, SKU and offer names', () => {
  it.each([
    ['MICROSOFT 365 E3', 'Microsoft 365 E3'],
    ['Microsoft 365 E3 (NCE)', 'MICROSOFT 365 E3'],
    ['Office 365 E1', 'OFFICE 365 E1'],
    ['Microsoft Teams Essentials', 'MICROSOFT TEAMS ESSENTIALS'],
    ['Microsoft Teams Essentials (new commerce)', 'Microsoft  Teams   Essentials'],
    ['EXCHANGE ONLINE (PLAN 1)', 'Exchange Online (Plan 1)'],
    ['Exchange Online (Plan 1) (NCE)', 'Exchange Online Plan 1'],
    ['ENTERPRISE MOBILITY + SECURITY E3', 'Enterprise Mobility + Security E3'],
    ['Microsoft 365 Business Premium (Annual)', 'microsoft 365 business-premium'],
  ])('%s matches %s', (a, b) => {
    expect(sameProduct(a, b)).toBe(true);
  });

  it.each([
    ['Office 365 E1', 'Office 365 E3'],
    ['Microsoft 365 E3', 'Microsoft 365 E5'],
    ['Microsoft 365 E3 (no Teams)', 'Microsoft 365 E3'],
    ['Exchange Online (Plan 1)', 'Exchange Online (Plan 2)'],
    ['Microsoft Teams Essentials', 'Microsoft Teams Premium'],
    ['Office 365 E1', 'Microsoft 365 E1'],
  ])('%s does not match %s', (a, b) => {
    expect(sameProduct(a, b)).toBe(false);
  });

  it('gives a hostile name a plain key, without markdown or template syntax', () => {
    expect(productKey('Litware *[E3]* ${x}')).toBe('litware e3 x');
  });
});
