import { Cron } from 'croner';
import { z } from 'zod';
import { DEFAULT_SPOOL_MEMORY_MB } from '../alerts/shard-spool';
import { DEFAULT_COMMERCIAL_USAGE_PATH } from '../partner-center/partner-center.port';

export type UsageApi = 'customer' | 'commercial' | 'auto';

/** Everything the bot can be configured with; read once, in src/index.ts. */
export interface AppConfig {
  /** `local` when no bot identity is configured: no inbound auth, loopback only, simulator by default. */
  mode: 'local' | 'cloud';
  port: number;
  host: string;
  bot: {
    id: string;
    password?: string;
    type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId?: string;
    /** Azure Bot OAuth connection whose token (for api://botid-{id}) is exchanged on behalf of the user. */
    oauthConnectionName: string;
  } | null;
  partnerCenter: {
    /** Undefined in local mode when the built-in simulator should be started and used. */
    baseUrl: string | undefined;
    usageApi: UsageApi;
    commercialUsagePath: string;
    applicationName: string;
    /** Bearer token sent in local mode, so any Partner Center-shaped server can stand in. */
    developmentToken: string;
    /** Built-in simulator only: minutes between two data dates whose figures move (a trend to watch); off when unset. */
    simulatorDataStepMinutes?: number;
    /** Largest answer read; a larger one is refused as unexpected. */
    maxResponseBytes: number;
  };
  /** Where embedded state (SQLite) lives. */
  dataDir: string;
  /**
   * Where conversation references, subscriptions, alert state, settings and sign-in bookkeeping live:
   * embedded SQLite (one machine), or Azure Blob Storage shared by several instances.
   */
  storage: { kind: 'sqlite' } | { kind: 'blob'; connectionString: string; container: string };
  alerts: {
    /** Cron pattern of the in-process schedule; null when ALERT_SCHEDULE=off. */
    schedule: string | null;
    /** IANA time zone the schedule is read in. */
    timeZone: string;
    /** Bearer key of POST /api/alerts/run; undefined disables the endpoint (503). Never logged. */
    apiKey: string | undefined;
    /** How long the pass lock is held without renewal before another instance may take over. */
    leaseSeconds: number;
    /** Days before a renewal at which a warning is posted (once per subscription per window), largest first. */
    renewalDays: number[];
  };
  /** Tenants whose users may use the bot; empty means any tenant (local mode, or ALLOW_ANY_TENANT=true). */
  allowedTenantIds: string[];
  lowUsageThreshold: number;
  /** Every user request gets an answer within this time, whatever Partner Center does. */
  requestDeadlineMs: number;
  /** How long a user's usage answer is reused (USAGE_CACHE_SECONDS); 0: never. */
  usageCacheSeconds: number;
  /** Bytes of partner-wide scans the process may spool in memory before disk (SPOOL_MEMORY_MB); 0: disk only. */
  spoolMemoryBytes: number;
  /** How the bot answers Teams in time, whatever Partner Center or the connector do. */
  turns: {
    /** Work not done after this long continues after the HTTP answer, in a proactive turn. */
    handOffMs: number;
    /** One call to the Teams connector (an attempt; during an inbound turn, all of its attempts) ends after this long. */
    connectorTimeoutMs: number;
    /** Commands running at once; more wait in a queue. */
    maxRunning: number;
    /** Commands waiting for a slot; past that, the asker is told to ask again later. */
    maxQueued: number;
    /** How long shutdown waits for answers still on their way before telling their users to ask again. */
    shutdownGraceMs: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** json lines, pretty lines for a person, or auto: pretty when stdout is a terminal, else json. */
  logFormat: 'auto' | 'json' | 'pretty';
}

export const PUBLIC_PARTNER_CENTER_URL = 'https://api.partnercenter.microsoft.com';

const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(emptyAsUndefined, z.string().trim().optional());
const booleanText = z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional());

const envSchema = z.object({
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: optionalText,
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TYPE: z.preprocess(emptyAsUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  BOT_TENANT_ID: optionalText,
  OAUTH_CONNECTION_NAME: optionalText,
  PARTNER_CENTER_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  PARTNER_CENTER_USAGE_API: z.preprocess(emptyAsUndefined, z.enum(['customer', 'commercial', 'auto']).default('auto')),
  PARTNER_CENTER_COMMERCIAL_USAGE_PATH: z.preprocess(
    emptyAsUndefined,
    z.string().startsWith('/', 'must be a path starting with /').default(DEFAULT_COMMERCIAL_USAGE_PATH),
  ),
  PARTNER_CENTER_APPLICATION: z.preprocess(emptyAsUndefined, z.string().default('CSP Usage Bot')),
  PARTNER_CENTER_DEV_TOKEN: z.preprocess(emptyAsUndefined, z.string().default('local-development-token')),
  SIMULATOR_DATA_STEP_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(1440).optional()),
  // A 10,000-row commercial usage page (the largest Partner Center serves) is about 4 MB.
  PARTNER_CENTER_MAX_RESPONSE_MB: z.preprocess(emptyAsUndefined, z.coerce.number().int('must be a whole number of MB').min(1).max(1024).default(16)),
  ALLOWED_TENANT_IDS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((text) => text.split(',').map((id) => id.trim()).filter(Boolean))
      .pipe(z.array(z.guid('must be a comma-separated list of tenant ids (GUIDs)')))
      .optional(),
  ),
  ALLOW_ANY_TENANT: booleanText,
  LOW_USAGE_THRESHOLD: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int('must be a whole number of percent').min(1).max(99).default(30),
  ),
  REQUEST_DEADLINE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().min(1).max(30).default(25)),
  USAGE_CACHE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int('must be a whole number of seconds').min(0).max(86_400).default(600)),
  SPOOL_MEMORY_MB: z.preprocess(emptyAsUndefined, z.coerce.number().int('must be a whole number of MB').min(0).max(1024).default(DEFAULT_SPOOL_MEMORY_MB)),
  // Teams gives up on the HTTP answer after 10–15 s: both settings stay well inside that.
  HAND_OFF_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.05).max(5).default(1.5)),
  TEAMS_CALL_TIMEOUT_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.1).max(8).default(8)),
  MAX_RUNNING_COMMANDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(32)),
  MAX_QUEUED_COMMANDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10_000).default(200)),
  SHUTDOWN_GRACE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(60).default(8)),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['auto', 'json', 'pretty']).optional()),
  // The older switch, from before LOG_FORMAT; how the two combine is at logFormat in loadConfig.
  LOG_PRETTY: booleanText,
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  STORAGE: z.preprocess(emptyAsUndefined, z.enum(['sqlite', 'blob']).default('sqlite')),
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  AZURE_STORAGE_CONTAINER: z.preprocess(
    emptyAsUndefined,
    // Azure's container naming rules: 3–63 lower-case letters, digits and single hyphens.
    z
      .string()
      .regex(/^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be 3–63 lower-case letters, digits and single hyphens (an Azure container name)')
      .default('csp-usage-bot'),
  ),
  ALERT_SCHEDULE: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .default('0 8 * * 1')
      .refine((pattern) => pattern.toLowerCase() === 'off' || isCronPattern(pattern), 'must be a cron pattern (e.g. "0 8 * * 1") or "off"'),
  ),
  ALERT_TIMEZONE: z.preprocess(
    emptyAsUndefined,
    z.string().trim().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Amsterdam'),
  ),
  // A key short enough to guess is no protection for an endpoint that reads every subscriber's customers.
  ALERTS_API_KEY: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  ALERT_LEASE_SECONDS: z.preprocess(
    emptyAsUndefined,
    // Azure Blob leases last 15 to 60 seconds.
    z.coerce.number().int('must be a whole number of seconds').min(15).max(60).default(60),
  ),
  RENEWAL_ALERT_DAYS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .default('60,14')
      .refine(
        (list) => list.split(',').every((part) => /^\s*\d{1,3}\s*$/.test(part) && Number(part) >= 1 && Number(part) <= 365),
        'must be whole numbers of days from 1 to 365, separated by commas (e.g. "60,14")',
      )
      .transform((list) => [...new Set(list.split(',').map(Number))].sort((a, b) => b - a)),
  ),
});

function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A configuration problem, worded for the person starting the bot. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads and validates the configuration from environment variables. Throws a ConfigError whose message
 * names every missing or bad variable, one per line.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const mode = e.BOT_ID ? 'cloud' : 'local';

  const problems = [...(mode === 'cloud' ? cloudModeProblems(e) : []), ...storageProblems(e)];
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  const allowedTenantIds = e.ALLOWED_TENANT_IDS ?? [];

  return {
    mode,
    port: e.PORT,
    // Local mode has no inbound authentication, so it must not listen beyond this machine by default.
    host: e.HOST ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0'),
    bot: e.BOT_ID
      ? {
          id: e.BOT_ID,
          type: e.BOT_TYPE,
          ...(e.BOT_PASSWORD ? { password: e.BOT_PASSWORD } : {}),
          ...(e.BOT_TENANT_ID ? { tenantId: e.BOT_TENANT_ID } : {}),
          oauthConnectionName: e.OAUTH_CONNECTION_NAME ?? '',
        }
      : null,
    partnerCenter: {
      baseUrl: e.PARTNER_CENTER_BASE_URL?.replace(/\/+$/, '') ?? (mode === 'cloud' ? PUBLIC_PARTNER_CENTER_URL : undefined),
      usageApi: e.PARTNER_CENTER_USAGE_API,
      commercialUsagePath: e.PARTNER_CENTER_COMMERCIAL_USAGE_PATH,
      applicationName: e.PARTNER_CENTER_APPLICATION,
      developmentToken: e.PARTNER_CENTER_DEV_TOKEN,
      ...(e.SIMULATOR_DATA_STEP_MINUTES !== undefined ? { simulatorDataStepMinutes: e.SIMULATOR_DATA_STEP_MINUTES } : {}),
      maxResponseBytes: e.PARTNER_CENTER_MAX_RESPONSE_MB * 1024 * 1024,
    },
    allowedTenantIds,
    dataDir: e.DATA_DIR,
    storage:
      e.STORAGE === 'blob'
        ? { kind: 'blob', connectionString: e.AZURE_STORAGE_CONNECTION_STRING ?? '', container: e.AZURE_STORAGE_CONTAINER }
        : { kind: 'sqlite' },
    alerts: {
      schedule: e.ALERT_SCHEDULE.toLowerCase() === 'off' ? null : e.ALERT_SCHEDULE,
      timeZone: e.ALERT_TIMEZONE,
      apiKey: e.ALERTS_API_KEY,
      leaseSeconds: e.ALERT_LEASE_SECONDS,
      renewalDays: e.RENEWAL_ALERT_DAYS,
    },
    lowUsageThreshold: e.LOW_USAGE_THRESHOLD,
    requestDeadlineMs: e.REQUEST_DEADLINE_SECONDS * 1000,
    usageCacheSeconds: e.USAGE_CACHE_SECONDS,
    spoolMemoryBytes: e.SPOOL_MEMORY_MB * 1024 * 1024,
    turns: {
      handOffMs: Math.round(e.HAND_OFF_SECONDS * 1000),
      connectorTimeoutMs: Math.round(e.TEAMS_CALL_TIMEOUT_SECONDS * 1000),
      maxRunning: e.MAX_RUNNING_COMMANDS,
      maxQueued: e.MAX_QUEUED_COMMANDS,
      shutdownGraceMs: Math.round(e.SHUTDOWN_GRACE_SECONDS * 1000),
    },
    logLevel: e.LOG_LEVEL,
    // LOG_FORMAT when set. Otherwise LOG_PRETTY=true, the older switch, still means pretty; LOG_PRETTY=false
    // means auto, not json: it is the default every .env copied from an older .env.sample carries, and it
    // must not keep a terminal on JSON lines now that auto chooses by the terminal.
    logFormat: e.LOG_FORMAT ?? (e.LOG_PRETTY === 'true' ? 'pretty' : 'auto'),
  };
}

function storageProblems(e: z.infer<typeof envSchema>): string[] {
  if (e.STORAGE === 'blob' && !e.AZURE_STORAGE_CONNECTION_STRING) {
    return ['AZURE_STORAGE_CONNECTION_STRING: required when STORAGE=blob'];
  }
  return [];
}

/** What cloud mode needs beyond the bot id, each line naming its variable. */
function cloudModeProblems(e: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (e.BOT_TYPE === 'UserAssignedMSI') {
    // The on-behalf-of exchange needs a client secret; a managed identity would need a federated credential.
    problems.push('BOT_TYPE: UserAssignedMSI cannot do the on-behalf-of exchange for Partner Center yet; use SingleTenant or MultiTenant with BOT_PASSWORD');
  } else if (!e.BOT_PASSWORD) {
    problems.push('BOT_PASSWORD: required when BOT_ID is set');
  }
  if (e.BOT_TYPE !== 'MultiTenant' && !e.BOT_TENANT_ID) problems.push(`BOT_TENANT_ID: required when BOT_TYPE is ${e.BOT_TYPE}`);
  if (!e.OAUTH_CONNECTION_NAME) {
    problems.push('OAUTH_CONNECTION_NAME: required when BOT_ID is set (the Azure Bot OAuth connection used for Teams sign-in)');
  }
  if ((e.ALLOWED_TENANT_IDS ?? []).length === 0 && e.ALLOW_ANY_TENANT !== 'true') {
    // A bot in Azure answers whoever installs it; which organisations may call Partner Center through it
    // must be a decision, not a default.
    problems.push('ALLOWED_TENANT_IDS: required when BOT_ID is set (or set ALLOW_ANY_TENANT=true to accept every tenant)');
  }
  return problems;
}
