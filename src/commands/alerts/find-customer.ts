import type { Customer } from '../../core/customers/customer';
import type { CustomerId } from '../../core/customers/customer-id';
import type { PartnerCenterCallContext } from '../../partner-center/partner-center.port';
import type { ChatTurn } from '../chat-turn';
import { resolveCustomer, type CustomerResolution } from '../../usage/resolve-customer';
import type { AlertsCommandDeps } from './alerts-deps';

/** The customer the user meant, found exactly as `usage for` finds it, with the asker's own rights. */
export async function findCustomer(
  turn: ChatTurn,
  customerText: string,
  ctx: PartnerCenterCallContext,
  deps: Pick<AlertsCommandDeps, 'partnerCenter'>,
): Promise<CustomerResolution> {
  const resolution = await resolveCustomer(deps.partnerCenter, customerText, ctx);
  if (resolution.kind !== 'found') turn.log.info({ queryKind: resolution.query.kind, resolution: resolution.kind }, 'alert customer not resolved');
  return resolution;
}

/** A customer as a subscription keeps it. */
export interface CustomerRef {
  id: CustomerId;
  name: string;
}

export function customerRef(customer: Customer): CustomerRef {
  return { id: customer.id, name: customer.companyName };
}
