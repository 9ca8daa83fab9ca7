/** Which Microsoft 365 tenants may use the bot: the partner's own, and any it chose to add. */
export type TenantPolicy = { kind: 'any' } | { kind: 'only'; tenantIds: ReadonlySet<string> };

export function tenantPolicy(allowed: readonly string[] | undefined): TenantPolicy {
  return allowed && allowed.length > 0
    ? { kind: 'only', tenantIds: new Set(allowed.map((id) => id.toLowerCase())) }
    : { kind: 'any' };
}

/** An activity without a tenant cannot prove where it comes from, so an allow-list refuses it. */
export function isTenantAllowed(policy: TenantPolicy, tenantId: string | undefined): boolean {
  if (policy.kind === 'any') return true;
  return tenantId !== undefined && policy.tenantIds.has(tenantId.toLowerCase());
}
