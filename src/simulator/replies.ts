import type { SimulatedCustomer } from './dataset';

/** Partner Center-shaped replies: the envelope every handler returns, error bodies, resources. */

export interface Reply {
  status: number;
  body: string;
  /** Partner Center's classic endpoints prefix JSON with a UTF-8 BOM; the commercial one does not. */
  bom: boolean;
  headers?: Record<string, string>;
}

export function json(status: number, value: unknown, bom: boolean): Reply {
  return { status, body: JSON.stringify(value), bom };
}

export function pcError(status: number, code: number, description: string, bom: boolean): Reply {
  return json(status, { code, description, data: [], source: 'PartnerFD' }, bom);
}

export const customerNotFound = () => pcError(404, 600010, 'Customer not found', true);

export function noRelationship(bom: boolean): Reply {
  return pcError(403, 20002, 'The partner has no relationship with this customer.', bom);
}

export function customerResource(customer: SimulatedCustomer) {
  return {
    id: customer.id,
    companyProfile: {
      tenantId: customer.tenantId,
      domain: customer.domain,
      companyName: customer.companyName,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner: 'reseller',
    attributes: { objectType: 'Customer' },
  };
}
