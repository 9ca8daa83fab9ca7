import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { openStorage, StorageStartupError, type OpenedStorage } from '../../src/storage/open-storage';
import { azuriteConnectionString, startAzurite, type RunningAzurite } from '../helpers/azurite';
import { tempDir } from '../helpers/temp-storage';

const logger = pino({ level: 'silent' });

let opened: OpenedStorage[] = [];
const dir = tempDir('open-storage-', async () => {
  await Promise.all(opened.map((storage) => storage.close()));
  opened = [];
});

/** Opens the storage the environment configures, as the bot does at start-up. */
async function openConfigured(env: Record<string, string>): Promise<OpenedStorage> {
  const config = loadConfig({ DATA_DIR: join(dir(), 'data'), ...env });
  const storage = await openStorage({ storage: config.storage, dataDir: config.dataDir, logger });
  opened.push(storage);
  return storage;
}

/** The alert pass lock, asked for through two instances: one holder at a time, free again once released. */
async function expectOnePassAtATime(first: OpenedStorage, second: OpenedStorage): Promise<void> {
  const pass = await first.lock('alert-pass', 15).tryAcquire();
  expect(pass).toBeDefined();
  expect(await second.lock('alert-pass', 15).tryAcquire()).toBeUndefined();
  await pass?.release();
  const next = await second.lock('alert-pass', 15).tryAcquire();
  expect(next).toBeDefined();
  await next?.release();
}

/** What someone starting the bot reads: one sentence naming the setting, no stack, no secret. */
async function startupFailure(env: Record<string, string>): Promise<string> {
  const failure = await openConfigured(env).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(StorageStartupError);
  const message = (failure as Error).message;
  expect(message).not.toMatch(/\n\s+at /);
  return message;
}

describe('STORAGE=sqlite (the default)', () => {
  it('keeps state in DATA_DIR/bot-state.sqlite, shared by every process using that folder', async () => {
    const first = await openConfigured({});
    await first.storage.write({ 'conversation-settings/a%3Achat': { threshold: 20 } });
    expect(existsSync(join(dir(), 'data', 'bot-state.sqlite'))).toBe(true);

    const second = await openConfigured({ STORAGE: 'sqlite' });
    expect((await second.storage.read(['conversation-settings/a%3Achat']))['conversation-settings/a%3Achat']).toMatchObject({ threshold: 20 });
    await expectOnePassAtATime(first, second);
  });

  it('says which setting to fix when DATA_DIR cannot hold the database', async () => {
    const notAFolder = join(dir(), 'file');
    writeFileSync(notAFolder, 'not a folder');
    expect(await startupFailure({ DATA_DIR: notAFolder })).toMatch(/DATA_DIR/);
  });
});

describe('STORAGE=blob', () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.close();
  });

  it('creates the container and shares state and the pass lock between instances', async () => {
    const env = { STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: 'bot-state' };
    const container = new ContainerClient(azurite.connectionString, 'bot-state');
    expect(await container.exists()).toBe(false);

    const first = await openConfigured(env);
    expect(await container.exists()).toBe(true);
    await first.storage.write({ 'conversation-settings/a%3Achat': { threshold: 20 } });

    const second = await openConfigured(env);
    expect((await second.storage.read(['conversation-settings/a%3Achat']))['conversation-settings/a%3Achat']).toMatchObject({ threshold: 20 });
    // The default container name applies when none is given.
    await openConfigured({ STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    expect(await new ContainerClient(azurite.connectionString, 'csp-usage-bot').exists()).toBe(true);
    await expectOnePassAtATime(first, second);
  });

  it.each([
    ['not a connection string', 'not a connection string'],
    ['a connection string without an endpoint', 'AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleQ=='],
  ])('names AZURE_STORAGE_CONNECTION_STRING for %s', async (_case, connectionString) => {
    const message = await startupFailure({ STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: connectionString });
    expect(message).toMatch(/AZURE_STORAGE_CONNECTION_STRING is not an Azure Storage connection string/);
    expect(message).not.toContain('c2VjcmV0LWtleQ==');
  });

  it('says the account could not be reached when nothing answers at its endpoint', async () => {
    const closedPort = await freePort();
    const message = await startupFailure({ STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(closedPort) });
    expect(message).toMatch(/could not be reached \(ECONNREFUSED\).*AZURE_STORAGE_CONNECTION_STRING/);
  });

  it('says the key was refused when the account key is wrong', async () => {
    const wrongKey = Buffer.from('a key that is not the account key').toString('base64');
    const message = await startupFailure({
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(azurite.port, wrongKey),
    });
    expect(message).toMatch(/refused the account key or SAS in AZURE_STORAGE_CONNECTION_STRING \(403/);
    expect(message).not.toContain(wrongKey);
  });
});

/** A loopback port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
