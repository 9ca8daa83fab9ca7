import pino from 'pino';
import { resolveCustomer } from '../../src/usage/resolve-customer';
import { createPartnerCenterClient } from '../../src/partner-center/partner-center-client';
import type { PartnerCenterCallContext } from '../../src/partner-center/partner-center.port';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { createCustomerDirectory } from '../../src/usage/customer-directory';
import { startRecordingProxy, type RecordingProxy } from '../helpers/partner-center-proxy';

/** Each user's customer list, fetched with the real client from the simulator through a recording proxy. */

const logger = pino({ level: 'silent' });
const ctxOf = (accessToken: string): PartnerCenterCallContext => ({ accessToken, locale: 'en-US', correlationId: 'test' });
const isList = (path: string) => /^\/v1\/customers\?size=\d+$/.test(path);
const isSearch = (path: string) => path.startsWith('/v1/customers?') && path.includes('filter=');

describe('the customer directory', () => {
  let simulator: RunningSimulator;
  let proxy: RecordingProxy;
  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    proxy = await startRecordingProxy(simulator.url);
  });
  afterAll(async () => {
    await proxy.close();
    await simulator.close();
  });
  const client = () => createPartnerCenterClient({ baseUrl: proxy.url, applicationName: 'tests', logger });

  it("lists each user's customers with that user's own token, and never hands them to another user", async () => {
    const partnerCenter = client();
    const directory = createCustomerDirectory({ partnerCenter, logger });
    const first = proxy.requests.length;

    expect(directory.customersOf('anna', ctxOf('token-anna'))).toBeUndefined();
    const annas = await directory.listFor('anna', ctxOf('token-anna'));
    expect(annas?.namesStartingWith('northwind', 10).map((customer) => customer.companyName)).toEqual(['Northwind Traders']);
    expect(directory.customersOf('anna', ctxOf('token-anna'))).toEqual(annas);

    // Bob has no list of his own yet: he gets none, not Anna's, and his is fetched with his token.
    expect(directory.customersOf('bob', ctxOf('token-bob'))).toBeUndefined();
    await directory.listFor('bob', ctxOf('token-bob'));
    const lists = proxy.requests.slice(first).filter((request) => isList(request.path));
    expect(lists.map((request) => request.headers.authorization)).toEqual(['Bearer token-anna', 'Bearer token-bob']);
  });

  it('resolves a name from the list without a search; a name not in it is still searched', async () => {
    const partnerCenter = client();
    const directory = createCustomerDirectory({ partnerCenter, logger });
    const listed = await directory.listFor('anna', ctxOf('token-anna'));
    const first = proxy.requests.length;

    expect(await resolveCustomer(partnerCenter, 'northwind', ctxOf('token-anna'), listed)).toMatchObject({
      kind: 'found',
      customer: { id: SAMPLE_CUSTOMER_IDS.severalLow },
    });
    expect(await resolveCustomer(partnerCenter, 'Contoso', ctxOf('token-anna'), listed)).toMatchObject({ kind: 'ambiguous' });
    expect(proxy.requests.slice(first)).toEqual([]);

    expect(await resolveCustomer(partnerCenter, 'Nobody Such Ltd', ctxOf('token-anna'), listed)).toMatchObject({ kind: 'not-found' });
    expect(proxy.requests.slice(first).filter((request) => isSearch(request.path)).length).toBeGreaterThan(0);
  });

  it('keeps no list for a user with more customers than a list may hold, and does not list again at every question', async () => {
    const directory = createCustomerDirectory({ partnerCenter: client(), logger, maxEntriesPerUser: 2 });
    expect(await directory.listFor('anna', ctxOf('token-anna'))).toBeUndefined();
    const first = proxy.requests.length;
    expect(directory.customersOf('anna', ctxOf('token-anna'))).toBeUndefined();
    expect(directory.customersOf('anna', ctxOf('token-anna'))).toBeUndefined();
    expect(proxy.requests.slice(first).filter((request) => isList(request.path))).toEqual([]);
  });
});
