import {
  PRODUCT_CATALOG,
  generateUsageRows,
  mulberry32,
  withUsagePercent,
  generateSubscriptions,
  type SimulatedCustomer,
  type SimulatedSubscription,
  type SimulatedUsageRow,
  type SimulatorDataset,
} from './dataset';

/**
 * The fixed data of local mode. Each customer exists to show one behaviour of the bot (healthy,
 * low adoption, no data, ambiguous name, fallback to the commercial endpoint, nothing to measure,
 * hostile name, a large card, no access), so a developer can try them all by name in Teams.
 */

/** Builds a catalog row; throws on a typo so a broken sample fails at start-up, not in a card. */
function usage(
  productName: string,
  workloadName: string,
  licensesActive: number,
  licensesQualified: number,
  processedDateTime: string,
): SimulatedUsageRow {
  const product = PRODUCT_CATALOG.find((candidate) => candidate.name === productName);
  const workload = product?.workloads.find((candidate) => candidate.name === workloadName);
  if (!product || !workload) throw new Error(`sample data: ${productName} has no workload ${workloadName}`);
  return {
    productId: product.id,
    productName,
    workloadCode: workload.code,
    workloadName,
    serviceCode: workload.serviceCode,
    serviceName: workload.serviceName,
    channel: 'reseller',
    licensesActive,
    licensesQualified,
    processedDateTime,
  };
}

/** Same rows on both usage endpoints, as for a customer Partner Center reports on normally. */
function onBothEndpoints(rows: SimulatedUsageRow[]): Pick<SimulatedCustomer, 'seedUsage' | 'commercialUsage'> {
  return { seedUsage: withUsagePercent(rows), commercialUsage: rows };
}

const SEED_PROCESSED = '2017-03-09T00:00:00+00:00';

let subscriptionNumber = 0;

/**
 * A subscription of the sample data. Ids count up, so they are stable between runs; `endsInDays` is
 * counted from the simulator's clock.
 */
function bought(
  offerName: string,
  quantity: number,
  assigned: number,
  termDuration: SimulatedSubscription['termDuration'],
  endsInDays: number,
  extra: Partial<Pick<SimulatedSubscription, 'autoRenewEnabled' | 'status' | 'isTrial'>> = {},
): SimulatedSubscription {
  subscriptionNumber += 1;
  if (assigned > quantity) throw new Error(`sample data: ${offerName} assigns more than it bought`);
  return {
    id: `5b0c0000-0000-4000-8000-${String(subscriptionNumber).padStart(12, '0')}`,
    offerName,
    quantity,
    assigned,
    termDuration,
    autoRenewEnabled: true,
    status: 'active',
    isTrial: false,
    endsInDays,
    ...extra,
  };
}

/**
 * The five rows of Microsoft's documented example response, field for field. All have zero active
 * licenses, so the computed usagePercent is the documented 0.0.
 */
function seedCustomerRows(): SimulatedUsageRow[] {
  const row = (
    productId: string,
    productName: string,
    workloadCode: string,
    workloadName: string,
    licensesQualified: number,
  ): SimulatedUsageRow => ({
    productId,
    productName,
    workloadCode,
    workloadName,
    serviceCode: 'O365',
    serviceName: 'o365',
    channel: 'reseller',
    licensesActive: 0,
    licensesQualified,
    processedDateTime: SEED_PROCESSED,
  });
  return [
    row('CFQ7TTC0SIMD', 'OFFICE 365 BUSINESS ESSENTIALS', 'EXO', 'Exchange', 1),
    row('CFQ7TTC0SIMD', 'OFFICE 365 BUSINESS ESSENTIALS', 'SPO', 'SharePoint', 1),
    row('CFQ7TTC0SIMD', 'OFFICE 365 BUSINESS ESSENTIALS', 'SFB', 'Skype For Business', 1),
    row('CFQ7TTC0SIME', 'EXCHANGE ONLINE (PLAN 1)', 'EXO', 'Exchange', 5),
    row('CFQ7TTC0SIMF', 'EXCHANGE ONLINE ARCHIVING FOR EXCHANGE ONLINE', 'EXO', 'Exchange', 2),
  ];
}

export const SAMPLE_CUSTOMER_IDS = {
  seed: '4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04',
  healthy: '6b2f4c1e-8d3a-4f5b-9c7e-1a2b3c4d5e60',
  severalLow: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c61',
  noData: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f62',
  contosoLtd: 'c0a1b2c3-d4e5-4f60-8172-839405a6b763',
  contosoPharma: 'c0f9e8d7-c6b5-4a49-b382-71605f4e3d64',
  commercialOnly: '7a1b2c3d-4e5f-4061-a2b3-c4d5e6f7a865',
  unlicensedWorkload: '3f2e1d0c-b9a8-4796-8584-736251403f66',
  hostileName: '5d6e7f80-9a1b-4c2d-be3f-4a5b6c7d8e67',
  manyWorkloads: '8b9c0d1e-2f3a-4b4c-8d5e-6f7a8b9c0d68',
  noRelationship: 'e1d2c3b4-a596-4877-9605-a4b3c2d1e069',
} as const;

export function createSampleDataset(): SimulatorDataset {
  subscriptionNumber = 0;
  const march = (day: number) => `2026-03-${String(day).padStart(2, '0')}T00:00:00+00:00`;

  const customers: SimulatedCustomer[] = [
    {
      id: SAMPLE_CUSTOMER_IDS.seed,
      tenantId: SAMPLE_CUSTOMER_IDS.seed,
      companyName: 'DT DEMO CSP CUSTOMER 005',
      domain: 'dtdemocspcustomer005.onmicrosoft.com',
      ...onBothEndpoints(seedCustomerRows()),
      // Bought what the documented rows count as qualified; one Exchange seat never assigned.
      subscriptions: [
        bought('Office 365 Business Essentials', 1, 1, 'P1M', 17),
        bought('Exchange Online (Plan 1)', 5, 4, 'P1Y', 58),
        bought('Exchange Online Archiving for Exchange Online', 2, 2, 'P1Y', 58),
      ],
    },
    {
      id: SAMPLE_CUSTOMER_IDS.healthy,
      tenantId: SAMPLE_CUSTOMER_IDS.healthy,
      companyName: 'Fabrikam Inc',
      domain: 'fabrikaminc.onmicrosoft.com',
      ...onBothEndpoints([
        usage('MICROSOFT 365 BUSINESS STANDARD', 'Exchange', 114, 120, march(2)),
        usage('MICROSOFT 365 BUSINESS STANDARD', 'SharePoint', 96, 120, march(2)),
        usage('MICROSOFT 365 BUSINESS STANDARD', 'OneDrive', 88, 120, march(2)),
        // More people use Teams than have licences: shown as it is (over 100 %), never clamped.
        usage('MICROSOFT 365 BUSINESS STANDARD', 'Teams', 126, 120, march(2)),
        usage('MICROSOFT 365 BUSINESS STANDARD', 'Microsoft 365 Apps', 101, 120, march(2)),
      ]),
      subscriptions: [bought('Microsoft 365 Business Standard', 120, 120, 'P3Y', 310)],
    },
    {
      id: SAMPLE_CUSTOMER_IDS.severalLow,
      tenantId: SAMPLE_CUSTOMER_IDS.severalLow,
      companyName: 'Northwind Traders',
      domain: 'northwindtraders.onmicrosoft.com',
      ...onBothEndpoints([
        usage('MICROSOFT 365 E3', 'Exchange', 240, 250, march(2)),
        usage('MICROSOFT 365 E3', 'SharePoint', 40, 250, march(2)),
        usage('MICROSOFT 365 E3', 'OneDrive', 55, 250, march(2)),
        usage('MICROSOFT 365 E3', 'Teams', 61, 250, march(2)),
        usage('MICROSOFT 365 E3', 'Microsoft 365 Apps', 180, 250, march(2)),
        usage('MICROSOFT 365 E3', 'Yammer', 5, 250, march(2)),
        usage('MICROSOFT 365 E3', 'Intune', 30, 250, march(2)),
        usage('MICROSOFT 365 E3', 'Entra ID', 230, 250, march(2)),
      ]),
      // The example: 300 seats renewing in 43 days, 50 of them not even assigned.
      subscriptions: [
        bought('Microsoft 365 E3 (NCE)', 300, 250, 'P1Y', 43),
        // Bought, but no usage row names it: shown unmatched, not linked to a similar product.
        bought('Microsoft Teams Essentials', 10, 4, 'P1M', 20),
      ],
    },
    {
      id: SAMPLE_CUSTOMER_IDS.noData,
      tenantId: SAMPLE_CUSTOMER_IDS.noData,
      companyName: 'Adatum Corporation',
      domain: 'adatumcorporation.onmicrosoft.com',
      seedUsage: [],
      commercialUsage: [],
    },
    {
      id: SAMPLE_CUSTOMER_IDS.contosoLtd,
      tenantId: SAMPLE_CUSTOMER_IDS.contosoLtd,
      companyName: 'Contoso Ltd',
      domain: 'contosoltd.onmicrosoft.com',
      // This user's role may read SKUs but not subscriptions: the card says what is missing.
      subscriptionsFailure: 'forbidden',
      subscriptions: [bought('Microsoft 365 Business Premium', 85, 80, 'P1Y', 130)],
      ...onBothEndpoints([
        usage('MICROSOFT 365 BUSINESS PREMIUM', 'Exchange', 78, 80, march(3)),
        usage('MICROSOFT 365 BUSINESS PREMIUM', 'SharePoint', 50, 80, march(3)),
        usage('MICROSOFT 365 BUSINESS PREMIUM', 'OneDrive', 44, 80, march(3)),
        usage('MICROSOFT 365 BUSINESS PREMIUM', 'Teams', 75, 80, march(3)),
        usage('MICROSOFT 365 BUSINESS PREMIUM', 'Microsoft 365 Apps', 70, 80, march(3)),
        usage('MICROSOFT 365 BUSINESS PREMIUM', 'Intune', 12, 80, march(3)),
        usage('MICROSOFT 365 BUSINESS PREMIUM', 'Entra ID', 60, 80, march(3)),
        usage('MICROSOFT 365 BUSINESS PREMIUM', 'Defender for Office 365', 70, 80, march(3)),
      ]),
    },
    {
      id: SAMPLE_CUSTOMER_IDS.contosoPharma,
      tenantId: SAMPLE_CUSTOMER_IDS.contosoPharma,
      companyName: 'Contoso Pharma',
      domain: 'contosopharma.onmicrosoft.com',
      ...onBothEndpoints([
        usage('OFFICE 365 E3', 'Exchange', 390, 400, march(3)),
        usage('OFFICE 365 E3', 'SharePoint', 300, 400, march(3)),
        usage('OFFICE 365 E3', 'OneDrive', 150, 400, march(3)),
        usage('OFFICE 365 E3', 'Teams', 380, 400, march(3)),
        usage('OFFICE 365 E3', 'Microsoft 365 Apps', 90, 400, march(3)),
        usage('OFFICE 365 E3', 'Yammer', 20, 400, march(3)),
      ]),
      subscriptions: [bought('Office 365 E3', 400, 400, 'P1Y', 12)],
    },
    {
      id: SAMPLE_CUSTOMER_IDS.commercialOnly,
      tenantId: SAMPLE_CUSTOMER_IDS.commercialOnly,
      companyName: 'Tailspin Toys',
      domain: 'tailspintoys.onmicrosoft.com',
      // The superseded seed endpoint has nothing for this tenant: the bot must fall back.
      seedUsage: [],
      commercialUsage: [
        usage('MICROSOFT 365 BUSINESS BASIC', 'Exchange', 44, 45, march(4)),
        usage('MICROSOFT 365 BUSINESS BASIC', 'SharePoint', 9, 45, march(4)),
        usage('MICROSOFT 365 BUSINESS BASIC', 'OneDrive', 12, 45, march(4)),
        usage('MICROSOFT 365 BUSINESS BASIC', 'Teams', 40, 45, march(4)),
      ],
      subscriptions: [bought('Microsoft 365 Business Basic', 45, 45, 'P1M', 9)],
    },
    {
      id: SAMPLE_CUSTOMER_IDS.unlicensedWorkload,
      tenantId: SAMPLE_CUSTOMER_IDS.unlicensedWorkload,
      companyName: 'Wingtip Toys',
      domain: 'wingtiptoys.onmicrosoft.com',
      ...onBothEndpoints([
        usage('MICROSOFT 365 BUSINESS STANDARD', 'Exchange', 29, 30, march(1)),
        usage('MICROSOFT 365 BUSINESS STANDARD', 'SharePoint', 18, 30, march(1)),
        usage('MICROSOFT 365 BUSINESS STANDARD', 'OneDrive', 21, 30, march(1)),
        usage('MICROSOFT 365 BUSINESS STANDARD', 'Teams', 27, 30, march(1)),
        usage('MICROSOFT 365 BUSINESS STANDARD', 'Microsoft 365 Apps', 25, 30, march(1)),
        // Subscription still listed but every seat lapsed: nothing to measure, which is not 0 %.
        usage('EXCHANGE ONLINE (PLAN 1)', 'Exchange', 0, 0, march(1)),
      ]),
      subscriptions: [
        bought('Microsoft 365 Business Standard', 32, 30, 'P1Y', 200),
        bought('Exchange Online (Plan 1)', 5, 0, 'P1Y', 75, { status: 'suspended', autoRenewEnabled: false }),
      ],
    },
    {
      id: SAMPLE_CUSTOMER_IDS.hostileName,
      tenantId: SAMPLE_CUSTOMER_IDS.hostileName,
      // Markdown, Adaptive Card template and JS template syntax: must reach the card as plain text.
      companyName: 'Litware [Test] *Corp* ${x}',
      domain: 'litwaretest.onmicrosoft.com',
      ...onBothEndpoints([
        usage('OFFICE 365 E1', 'Exchange', 58, 60, march(2)),
        usage('OFFICE 365 E1', 'SharePoint', 14, 60, march(2)),
        usage('OFFICE 365 E1', 'OneDrive', 30, 60, march(2)),
        usage('OFFICE 365 E1', 'Teams', 52, 60, march(2)),
        usage('OFFICE 365 E1', 'Yammer', 3, 60, march(2)),
      ]),
      subscriptions: [bought('Office 365 E1', 60, 60, 'P1M', 25, { isTrial: true, autoRenewEnabled: false })],
    },
    {
      id: SAMPLE_CUSTOMER_IDS.manyWorkloads,
      tenantId: SAMPLE_CUSTOMER_IDS.manyWorkloads,
      companyName: 'Woodgrove Bank',
      domain: 'woodgrovebank.onmicrosoft.com',
      // Sixty rows across most of the catalog, to check that the card stays within Teams' size limit.
      ...onBothEndpoints(generateUsageRows(mulberry32(20260301), 60, march(1))),
      subscriptions: generateSubscriptions(mulberry32(20261202), generateUsageRows(mulberry32(20260301), 60, march(1))),
    },
    {
      id: SAMPLE_CUSTOMER_IDS.noRelationship,
      tenantId: SAMPLE_CUSTOMER_IDS.noRelationship,
      companyName: 'Lamna Healthcare',
      domain: 'lamnahealthcare.onmicrosoft.com',
      seedUsage: [],
      commercialUsage: [],
      failure: 'no-relationship',
      subscriptions: [bought('Microsoft 365 Business Premium', 20, 20, 'P1Y', 30)],
    },
  ];
  return { customers };
}
