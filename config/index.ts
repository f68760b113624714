import { z } from 'zod';
import { isLoopbackHost, parseHostPort } from './addresses';
import { FAULT_POINTS } from './fault-points';

/**
 * The one place environment variables are read. Everything else receives a typed Config, so a missing or
 * malformed setting fails at start-up with a clear message rather than deep inside a request.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** An empty value (`METRICS_PORT=` in an env file or compose) means unset, not port 0. */
const emptyAsUnset = (v: unknown) => (v === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Public base URL used in links sent to people (approval links, sign-in links). */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Unset: `npm start` runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * The role the API and worker connect as, which owns nothing (db/app-role.ts). Unset: DATABASE_URL's server and
   * database as `sujarit_app`, with a password derived from APP_SECRET that the owner sets at start-up. DATABASE_URL
   * (or the embedded cluster's superuser) is then the owner: it runs the migrations and nothing else.
   */
  DATABASE_APP_URL: z.preprocess(emptyAsUnset, z.string().url().optional()),
  DATA_DIR: z.string().default('.data'),
  /** Unset: `npm start` runs a Temporal server itself (SUJARIT_TEMPORAL says which). */
  TEMPORAL_ADDRESS: z.string().optional(),
  /**
   * The Temporal `npm start` runs without TEMPORAL_ADDRESS: `dev`, the CLI's dev server on SQLite; `postgres`, the
   * production server on PostgreSQL (the embedded one or DATABASE_URL's server).
   */
  SUJARIT_TEMPORAL: z.enum(['dev', 'postgres']).default('dev'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('sujarit'),
  TEMPORAL_CLI_PATH: z.string().optional(),
  /** The postgres engine's server binary, SQL tool and schema directory; unset: found in or built into `.tools/`. */
  TEMPORAL_SERVER_PATH: z.string().optional(),
  TEMPORAL_SQL_TOOL_PATH: z.string().optional(),
  TEMPORAL_SCHEMA_DIR: z.string().optional(),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(0).max(65535).default(8233),
  TEMPORAL_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(7233),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
  /** Signs session cookies and CSRF tokens. Required in production; development gets a per-data-dir secret. */
  APP_SECRET: z.string().min(32).optional(),
  /**
   * Keys the audit log's hash chain (db/audit.ts). Unset: derived from APP_SECRET. Set it to keep the audit key
   * apart from the session secret; the database never holds it, and every process that writes or verifies the log
   * (API, worker, `audit verify`) needs the same one.
   */
  AUDIT_KEY: z.preprocess(emptyAsUnset, z.string().min(32).optional()),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Sujarit <no-reply@sujarit.local>'),
  /** How long a message being handed to SMTP or LINE keeps other attempts off it (services/outbox.ts). */
  OUTBOX_HANDOFF_LEASE_MS: z.coerce.number().int().min(5_000).default(180_000),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().optional(),
  LINE_API_BASE_URL: z.string().url().optional(),
  /**
   * The Messaging API channel's secret: the key of the HMAC-SHA256 that signs every webhook request (x-line-signature).
   * Unset: POST /line/webhook answers 404 and nobody can link a LINE account or decide in LINE.
   */
  LINE_CHANNEL_SECRET: z.preprocess(
    emptyAsUnset,
    z.string().regex(/^[0-9a-f]{32}$/, 'รหัสลับของช่อง LINE คือเลขฐานสิบหก 32 หลัก / a LINE channel secret is 32 hex digits').optional(),
  ),
  /** Unset: Debian's chromium when installed, else the one in the @sparticuz/chromium npm package (infra/chromium.ts). */
  CHROMIUM_PATH: z.string().optional(),
  SEED_ON_START: booleanFromEnv.default(true),
  /**
   * The development inbox (/dev/inbox, GET /api/dev/outbox), the demo people and the demo proposal. The inbox shows
   * live sign-in and approval links to whoever asks, so it is refused unless the API is reachable from this machine
   * only (demoExposureProblems); `npm start` turns it on for itself when it runs everything embedded on loopback.
   */
  SUJARIT_DEMO: booleanFromEnv.default(false),
  /** Test-only (config/fault-points.ts): the process kills itself at this point. Refused in production. */
  SUJARIT_FAULT_POINT: z.preprocess(emptyAsUnset, z.enum(FAULT_POINTS).optional()),
  /** How often each API delivers accepted commands that no request delivered (services/command-sweeper.ts); 0: never. */
  /**
   * Requests per minute from one address to the sign-in form and links, decision links and their renewals, and
   * evidence uploads; past it the answer is 429. Generous for an office behind one NAT address.
   */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  COMMAND_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(5_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Workflow runs the worker keeps in memory between their tasks. The SDK's default grows with the heap (about 2,000
   * here, some 1-2 MB each). An item-year hears from people days apart, so a run that falls out of the cache and is
   * replayed from its short history on its next task costs little, while each cached run is memory held: with 555
   * item-years open the worker was 468 MB resident at 300 and 339 MB at 100 (bench scale, same run otherwise).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(100),
  /** The API's metrics listener (GET /metrics), apart from PORT so a reverse proxy in front of PORT never serves it. */
  METRICS_PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(65535).optional()),
  METRICS_HOST: z.preprocess(emptyAsUnset, z.string().default('127.0.0.1')),
  /** Bearer token for the metrics listeners; required when one of them is on a non-loopback address. */
  METRICS_TOKEN: z.preprocess(emptyAsUnset, z.string().min(32).optional()),
  /** host:port where the worker serves the Temporal SDK's Prometheus metrics. */
  WORKER_METRICS_ADDRESS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((v) => parseHostPort(v) !== undefined, 'host:port ที่พอร์ต 1-65535 / must be host:port with a port 1-65535')
      .optional(),
  ),
  /**
   * Where evidence and rendered report files live: `local`, DATA_DIR on this machine; `s3`, an S3-compatible object
   * store, which replicas of the API and worker on different machines share (services/files).
   */
  FILE_STORE: z.enum(['local', 's3']).default('local'),
  /** Unset: AWS itself; any other S3-compatible server by its URL. */
  S3_ENDPOINT: z.preprocess(emptyAsUnset, z.string().url().optional()),
  S3_BUCKET: z.preprocess(
    emptyAsUnset,
    z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'ชื่อ bucket ของ S3 / an S3 bucket name').optional(),
  ),
  S3_REGION: z.preprocess(emptyAsUnset, z.string().default('us-east-1')),
  /** Unset (both): the AWS SDK's own credential chain (environment, shared files, instance role). */
  S3_ACCESS_KEY_ID: z.preprocess(emptyAsUnset, z.string().optional()),
  S3_SECRET_ACCESS_KEY: z.preprocess(emptyAsUnset, z.string().optional()),
  /** The bucket in the path rather than the host name, as most self-hosted S3-compatible servers want. */
  S3_FORCE_PATH_STYLE: z.preprocess(emptyAsUnset, booleanFromEnv.default(false)),
});

export type Config = z.infer<typeof envSchema> & { isDevelopment: boolean; isProduction: boolean };

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`การตั้งค่าไม่ถูกต้อง / invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Only names and reasons are reported: a value may be a secret.
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const cfg = parsed.data;
  if (cfg.NODE_ENV === 'production') {
    const missing = (['APP_SECRET', 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'PUBLIC_BASE_URL'] as const).filter(
      (k) => !cfg[k],
    );
    if (missing.length) throw new ConfigError(missing.map((k) => `${k}: required in production`));
    if (cfg.SUJARIT_FAULT_POINT) {
      throw new ConfigError([
        'SUJARIT_FAULT_POINT: ใช้ได้เฉพาะในการทดสอบ ไม่ใช่ NODE_ENV=production / for fault-injection tests only, ' +
          'never with NODE_ENV=production',
      ]);
    }
  }
  const exposure = [
    ...(env.NODE_ENV === undefined ? unsetNodeEnvProblems(cfg) : []),
    ...(cfg.SUJARIT_DEMO ? demoExposureProblems(cfg) : []),
  ];
  if (exposure.length) throw new ConfigError(exposure);
  if (cfg.SUJARIT_TEMPORAL === 'postgres' && cfg.TEMPORAL_ADDRESS) {
    throw new ConfigError([
      'SUJARIT_TEMPORAL: ตั้ง postgres แล้วห้ามตั้ง TEMPORAL_ADDRESS / postgres starts a Temporal server, while ' +
        'TEMPORAL_ADDRESS names one already running: set only one of them',
    ]);
  }
  const metricsProblems = metricsListenerProblems(cfg);
  if (metricsProblems.length) throw new ConfigError(metricsProblems);
  if (cfg.LINE_CHANNEL_SECRET && !cfg.LINE_CHANNEL_ACCESS_TOKEN) {
    throw new ConfigError([
      'LINE_CHANNEL_ACCESS_TOKEN: ต้องตั้งเมื่อตั้ง LINE_CHANNEL_SECRET เพื่อตอบกลับในแชต / required with LINE_CHANNEL_SECRET, to answer in the chat',
    ]);
  }
  const fileStore = fileStoreProblems(cfg);
  if (fileStore.length) throw new ConfigError(fileStore);
  return { ...cfg, isDevelopment: cfg.NODE_ENV === 'development', isProduction: cfg.NODE_ENV === 'production' };
}

/** Metrics carry every organisation's counts: off the machine only with a token to ask for them. */
function metricsListenerProblems(cfg: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (cfg.METRICS_PORT !== undefined && !isLoopbackHost(cfg.METRICS_HOST) && !cfg.METRICS_TOKEN) {
    problems.push(
      `METRICS_TOKEN: ต้องตั้งเมื่อ METRICS_HOST ไม่ใช่ loopback / required when METRICS_HOST (${cfg.METRICS_HOST}) is not a loopback address`,
    );
  }
  if (cfg.METRICS_PORT !== undefined && cfg.METRICS_PORT === cfg.PORT) {
    problems.push('METRICS_PORT: ต้องไม่ซ้ำกับ PORT / must differ from PORT');
  }
  const worker = cfg.WORKER_METRICS_ADDRESS ? parseHostPort(cfg.WORKER_METRICS_ADDRESS) : undefined;
  if (worker && !isLoopbackHost(worker.host) && !cfg.METRICS_TOKEN) {
    problems.push(
      `METRICS_TOKEN: ต้องตั้งเมื่อ WORKER_METRICS_ADDRESS ไม่ใช่ loopback / required when WORKER_METRICS_ADDRESS (${cfg.WORKER_METRICS_ADDRESS}) is not a loopback address`,
    );
  }
  return problems;
}

/** Found at start-up rather than on the first upload: no bucket, or half a key pair that the SDK would ignore. */
function fileStoreProblems(cfg: z.infer<typeof envSchema>): string[] {
  if (cfg.FILE_STORE !== 's3') return [];
  const problems: string[] = [];
  if (!cfg.S3_BUCKET) problems.push('S3_BUCKET: ต้องตั้งเมื่อ FILE_STORE=s3 / required when FILE_STORE=s3');
  if (!cfg.S3_ACCESS_KEY_ID !== !cfg.S3_SECRET_ACCESS_KEY) {
    problems.push(
      'S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: ตั้งทั้งคู่หรือไม่ตั้งเลย / set both, or neither for the SDK\'s own credentials',
    );
  }
  return problems;
}

/** For logs: the URL without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** Base of links sent to people; without PUBLIC_BASE_URL (development) the API's own address. */
export function publicBaseUrl(config: Pick<Config, 'PUBLIC_BASE_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_BASE_URL) return config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return `http://${host}:${config.PORT}`;
}

/**
 * NODE_ENV defaults to development, which is meant for one person's machine: listening for other machines without
 * saying which mode was meant is refused rather than guessed.
 */
function unsetNodeEnvProblems(cfg: Pick<Config, 'HOST'>): string[] {
  if (isLoopbackHost(cfg.HOST)) return [];
  return [
    `NODE_ENV: ไม่ได้ตั้งค่า แต่ HOST (${cfg.HOST}) เปิดให้เครื่องอื่นเข้าถึง ตั้ง NODE_ENV=production สำหรับใช้งานจริง ` +
      `หรือ HOST=127.0.0.1 สำหรับทดลองในเครื่องนี้ / NODE_ENV is unset but HOST (${cfg.HOST}) is reachable from other ` +
      'machines: set NODE_ENV=production to serve them, or HOST=127.0.0.1 to try Sujarit on this machine only',
  ];
}

/**
 * Why the demo parts may not run with these settings (empty: they may). The development inbox hands out every
 * sign-in link, so it needs an API that only this machine can reach: a loopback HOST, no public or https
 * PUBLIC_BASE_URL (a reverse proxy in front), and not production.
 */
export function demoExposureProblems(cfg: Pick<Config, 'NODE_ENV' | 'HOST' | 'PUBLIC_BASE_URL'>): string[] {
  const problems: string[] = [];
  if (cfg.NODE_ENV === 'production') {
    problems.push('SUJARIT_DEMO: ใช้กับ NODE_ENV=production ไม่ได้ / cannot be used with NODE_ENV=production');
  }
  if (!isLoopbackHost(cfg.HOST)) {
    problems.push(
      `SUJARIT_DEMO: ใช้ได้เฉพาะเมื่อ HOST เป็น loopback (เช่น 127.0.0.1) ไม่ใช่ ${cfg.HOST} / ` +
        `needs a loopback HOST such as 127.0.0.1, not ${cfg.HOST}: the development inbox shows every sign-in link`,
    );
  }
  if (cfg.PUBLIC_BASE_URL) {
    const url = parsedUrl(cfg.PUBLIC_BASE_URL);
    if (!url || url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) {
      problems.push(
        'SUJARIT_DEMO: ใช้กับ PUBLIC_BASE_URL ที่เป็น https หรือชื่อเครื่องภายนอกไม่ได้ / cannot be used with an https ' +
          'or non-loopback PUBLIC_BASE_URL: the development inbox would be served to the public',
      );
    }
  }
  return problems;
}

/** Whether the demo parts run: asked for, and allowed by demoExposureProblems (also for a Config built by hand). */
export function demoEnabled(cfg: Pick<Config, 'SUJARIT_DEMO' | 'NODE_ENV' | 'HOST' | 'PUBLIC_BASE_URL'>): boolean {
  return cfg.SUJARIT_DEMO && demoExposureProblems(cfg).length === 0;
}

/**
 * `npm start`'s own default: with nothing external given (no DATABASE_URL, no TEMPORAL_ADDRESS) on a loopback HOST in
 * development it is someone trying Sujarit on their machine, so the demo parts are on. An explicit SUJARIT_DEMO wins.
 */
export function withStartDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.SUJARIT_DEMO !== undefined) return env;
  if (env.DATABASE_URL || env.TEMPORAL_ADDRESS) return env;
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development') return env;
  const problems = demoExposureProblems({
    NODE_ENV: nodeEnv,
    HOST: env.HOST ?? '127.0.0.1',
    PUBLIC_BASE_URL: env.PUBLIC_BASE_URL || undefined,
  });
  return problems.length ? env : { ...env, SUJARIT_DEMO: '1' };
}

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
