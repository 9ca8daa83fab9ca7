import { loadConfig, PUBLIC_PARTNER_CENTER_URL } from '../../../src/config/config';

describe('loadConfig', () => {
  it('starts in local mode on loopback with the simulator when nothing is configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'local',
      port: 3978,
      host: '127.0.0.1',
      bot: null,
      lowUsageThreshold: 30,
      partnerCenter: { baseUrl: undefined, usageApi: 'auto' },
    });
  });

  it('spools up to 8 MB of scans in memory unless SPOOL_MEMORY_MB says otherwise; 0 keeps them on disk', () => {
    expect(loadConfig({}).spoolMemoryBytes).toBe(8 * 1024 * 1024);
    expect(loadConfig({ SPOOL_MEMORY_MB: '0' }).spoolMemoryBytes).toBe(0);
    expect(loadConfig({ SPOOL_MEMORY_MB: '64' }).spoolMemoryBytes).toBe(64 * 1024 * 1024);
    expect(() => loadConfig({ SPOOL_MEMORY_MB: '1.5' })).toThrow(/SPOOL_MEMORY_MB/);
    expect(() => loadConfig({ SPOOL_MEMORY_MB: '-1' })).toThrow(/SPOOL_MEMORY_MB/);
  });

  it('reuses a usage answer for 10 minutes unless USAGE_CACHE_SECONDS says otherwise; 0 turns that off', () => {
    expect(loadConfig({}).usageCacheSeconds).toBe(600);
    expect(loadConfig({ USAGE_CACHE_SECONDS: '0' }).usageCacheSeconds).toBe(0);
    expect(() => loadConfig({ USAGE_CACHE_SECONDS: '-5' })).toThrow(/USAGE_CACHE_SECONDS/);
  });

  it('treats empty variables as unset, as .env files leave them', () => {
    expect(loadConfig({ PORT: '', BOT_ID: '', PARTNER_CENTER_BASE_URL: ' ' }).mode).toBe('local');
  });

  it('switches to cloud mode with a bot id, on all interfaces and the public Partner Center', () => {
    const config = loadConfig({
      BOT_ID: '00000000-0000-0000-0000-000000000001',
      BOT_PASSWORD: 'secret',
      OAUTH_CONNECTION_NAME: 'partner-center-sso',
      ALLOW_ANY_TENANT: 'true',
    });
    expect(config).toMatchObject({ mode: 'cloud', host: '0.0.0.0', partnerCenter: { baseUrl: PUBLIC_PARTNER_CENTER_URL } });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ LOW_USAGE_THRESHOLD: '150' })).toThrow(/LOW_USAGE_THRESHOLD/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ PARTNER_CENTER_USAGE_API: 'both' })).toThrow(/PARTNER_CENTER_USAGE_API/);
    expect(() => loadConfig({ PARTNER_CENTER_BASE_URL: 'not a url' })).toThrow(/PARTNER_CENTER_BASE_URL/);
  });

  it('names everything cloud mode still needs, in one go', () => {
    let message = '';
    try {
      loadConfig({ BOT_ID: 'abc', BOT_TYPE: 'SingleTenant' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').slice(1).map((line) => line.trim().split(':')[0])).toEqual([
      'BOT_PASSWORD',
      'BOT_TENANT_ID',
      'OAUTH_CONNECTION_NAME',
      'ALLOWED_TENANT_IDS',
    ]);
  });

  it('refuses a managed identity, which cannot do the on-behalf-of exchange yet', () => {
    expect(() =>
      loadConfig({ BOT_ID: 'abc', BOT_TYPE: 'UserAssignedMSI', BOT_TENANT_ID: 't', OAUTH_CONNECTION_NAME: 'c', ALLOW_ANY_TENANT: 'true' }),
    ).toThrow(/BOT_TYPE: UserAssignedMSI/);
  });

  describe('log format', () => {
    it('is auto unless LOG_FORMAT says json or pretty', () => {
      expect(loadConfig({}).logFormat).toBe('auto');
      expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
      expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
      expect(() => loadConfig({ LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT/);
    });

    it('still reads LOG_PRETTY=true as pretty, and the old default LOG_PRETTY=false as auto; LOG_FORMAT wins', () => {
      expect(loadConfig({ LOG_PRETTY: 'true' }).logFormat).toBe('pretty');
      expect(loadConfig({ LOG_PRETTY: 'false' }).logFormat).toBe('auto');
      expect(loadConfig({ LOG_PRETTY: 'true', LOG_FORMAT: 'json' }).logFormat).toBe('json');
      expect(() => loadConfig({ LOG_PRETTY: 'yes' })).toThrow(/LOG_PRETTY/);
    });
  });

  it('drops a trailing slash from the Partner Center URL', () => {
    expect(loadConfig({ PARTNER_CENTER_BASE_URL: 'http://127.0.0.1:9999/' }).partnerCenter.baseUrl).toBe('http://127.0.0.1:9999');
  });

  describe('tenant allow-list', () => {
    const cloud = { BOT_ID: 'bot', BOT_PASSWORD: 'secret', OAUTH_CONNECTION_NAME: 'sso' };
    const contoso = '72F988BF-86F1-41AF-91AB-2D7CD011DB47';

    it('is required in cloud mode unless every tenant is allowed on purpose', () => {
      expect(() => loadConfig(cloud)).toThrow(/ALLOWED_TENANT_IDS: required when BOT_ID is set/);
      expect(loadConfig({ ...cloud, ALLOW_ANY_TENANT: 'true' }).allowedTenantIds).toEqual([]);
    });

    it('reads a comma-separated list of tenant ids', () => {
      const config = loadConfig({ ...cloud, ALLOWED_TENANT_IDS: ` ${contoso} , 00000000-0000-4000-8000-000000000002,` });
      expect(config.allowedTenantIds).toEqual([contoso, '00000000-0000-4000-8000-000000000002']);
    });

    it('names the variable when an entry is not a tenant id', () => {
      expect(() => loadConfig({ ALLOWED_TENANT_IDS: `${contoso},contoso.com` })).toThrow(/ALLOWED_TENANT_IDS/);
    });

    it('is optional in local mode', () => {
      expect(loadConfig({}).allowedTenantIds).toEqual([]);
    });
  });

  describe('RENEWAL_ALERT_DAYS', () => {
    it('defaults to 60 and 14 days, and reads a list largest first without repeats', () => {
      expect(loadConfig({}).alerts.renewalDays).toEqual([60, 14]);
      expect(loadConfig({ RENEWAL_ALERT_DAYS: '7, 30,90,30' }).alerts.renewalDays).toEqual([90, 30, 7]);
    });

    it.each(['0', '366', '60;14', 'soon', '60,,14', '-5'])('names the variable for %s', (value) => {
      expect(() => loadConfig({ RENEWAL_ALERT_DAYS: value })).toThrow(/RENEWAL_ALERT_DAYS/);
    });
  });
});
