import { z } from 'zod';
import type { TimeClockPolicy } from './domain/time-clock-policy';

const databaseUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
    message: 'must be a postgres:// or postgresql:// URL, e.g. postgres://user@127.0.0.1:5432/staffsync',
  });

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .transform((value) => value === '1' || value === 'true');

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: databaseUrl.optional(),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  SEED_DEMO: flag.optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().default(''),
  GRAPHIQL: flag.optional(),
  SOCKETS_PER_EMPLOYEE: z.coerce.number().int().positive().default(10),
  SUBSCRIPTIONS_PER_EMPLOYEE: z.coerce.number().int().positive().default(100),
  METRICS_TOKEN: z.preprocess((value) => (value === '' ? undefined : value), z.string().trim().min(16, 'must be at least 16 characters').optional()),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  INTROSPECTION: z.enum(['public', 'signed-in', 'off']).optional(),
  DOCUMENTS: z.enum(['any', 'trusted']).default('any'),
  TRUSTED_DOCUMENTS: z.string().default(''),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 14),
  SESSION_MAX_DAYS: z.coerce.number().positive().default(90),
  CHANGE_RETENTION_DAYS: z.coerce.number().positive().default(30),
  CHANGE_RETENTION_EVENTS: z.coerce.number().int().positive().optional(),
  RETENTION_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
  PUNCH_FUTURE_TOLERANCE_SECONDS: z.coerce.number().min(0).max(3_600).default(120),
  // Idempotency keys are kept at least 7 days: a punch older than that could be replayed twice.
  PUNCH_OFFLINE_WINDOW_HOURS: z.coerce.number().positive().max(168, 'must be at most 168 (idempotency keys are kept 7 days)').default(72),
  SHIFT_FORGOTTEN_AFTER_HOURS: z.coerce.number().positive().max(72).default(14),
  OVERTIME_WEEKLY_HOURS: z.coerce.number().positive().max(168).default(40),
});

/** Settings read once at start-up from the environment. */
export interface Config {
  port: number;
  host: string;
  /** Set: PostgreSQL through postgres.js. Unset: embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Embedded data directory; `memory://` keeps everything in memory (tests). */
  dataDir: string;
  /** Seed demo data into an empty database. Defaults to true on the embedded engine only. */
  seedDemo: boolean;
  production: boolean;
  /** NODE_ENV=development (the default): unexpected errors show their details to clients. */
  development: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  corsOrigins: string[];
  /** Sockets one employee may hold on one instance (every device and tab), and operations over them. */
  socketsPerEmployee: number;
  subscriptionsPerEmployee: number;
  /** Where /metrics is served: a port of its own, and/or the API port to holders of a bearer token. Neither: nowhere. */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  /** Serve GraphiQL at /graphql to browsers. Default: on, except in production. */
  graphiql: boolean;
  /** Who may introspect the schema. Default: public, except in production (signed-in users only). */
  introspection: 'public' | 'signed-in' | 'off';
  /** `trusted`: run only documents known by hash (the portal's build and `trustedDocumentFiles`). */
  documents: 'any' | 'trusted';
  /** Manifests of more trusted documents (`{ "<sha256>": "<document>" }`), e.g. a mobile build's. */
  trustedDocumentFiles: string[];
  /** A session unused for this long ends; each use moves its end forward. */
  sessionTtlMs: number;
  /** However much it is used, a session ends this long after sign-in. */
  sessionMaxMs: number;
  /** Change events older than this are pruned; older cursors must resync. */
  changeRetentionMs: number;
  /** At most this many newest change events are kept (unset: no limit). */
  changeRetentionEvents: number | undefined;
  retentionIntervalMs: number;
  /** Which device times punches are accepted with, when an open shift counts as forgotten, and weekly overtime. */
  timeClock: TimeClockPolicy;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const values = parsed.data;
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    dataDir: values.DATA_DIR,
    seedDemo: values.SEED_DEMO ?? values.DATABASE_URL === undefined,
    production: values.NODE_ENV === 'production',
    development: values.NODE_ENV === 'development',
    logLevel: values.LOG_LEVEL,
    corsOrigins: values.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    socketsPerEmployee: values.SOCKETS_PER_EMPLOYEE,
    subscriptionsPerEmployee: values.SUBSCRIPTIONS_PER_EMPLOYEE,
    metrics: { token: values.METRICS_TOKEN, port: values.METRICS_PORT, host: values.METRICS_HOST },
    graphiql: values.GRAPHIQL ?? values.NODE_ENV !== 'production',
    introspection: values.INTROSPECTION ?? (values.NODE_ENV === 'production' ? 'signed-in' : 'public'),
    documents: values.DOCUMENTS,
    trustedDocumentFiles: values.TRUSTED_DOCUMENTS.split(',').map((file) => file.trim()).filter(Boolean),
    sessionTtlMs: values.SESSION_TTL_HOURS * 3_600_000,
    sessionMaxMs: Math.max(values.SESSION_MAX_DAYS * 86_400_000, values.SESSION_TTL_HOURS * 3_600_000),
    changeRetentionMs: values.CHANGE_RETENTION_DAYS * 86_400_000,
    changeRetentionEvents: values.CHANGE_RETENTION_EVENTS,
    retentionIntervalMs: values.RETENTION_INTERVAL_MINUTES * 60_000,
    timeClock: {
      futureToleranceMs: values.PUNCH_FUTURE_TOLERANCE_SECONDS * 1_000,
      offlineWindowMs: values.PUNCH_OFFLINE_WINDOW_HOURS * 3_600_000,
      forgottenAfterMs: values.SHIFT_FORGOTTEN_AFTER_HOURS * 3_600_000,
      weeklyOvertimeHours: values.OVERTIME_WEEKLY_HOURS,
    },
  };
}
