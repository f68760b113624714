import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './index';

export type { Logger } from 'pino';

export type SecretSettings = Pick<
  Config,
    | 'APP_SECRET'
  | 'AUDIT_KEY'
  | 'DATABASE_URL'
  | 'DATABASE_APP_URL'
  | 'SMTP_URL'
  | 'LINE_CHANNEL_ACCESS_TOKEN'
  | 'LINE_CHANNEL_SECRET'
  | 'METRICS_TOKEN'
  | 'S3_SECRET_ACCESS_KEY'
>;

/**
 * Shorter values are left alone: replacing every "abc" would garble the log while protecting nothing that a
 * guesser could not find anyway. Production secrets are long (APP_SECRET and METRICS_TOKEN at least 32).
 */
const MIN_SCRUBBED_LENGTH = 6;
const MASK = '***';

/** `scheme://user:password@` anywhere in a line, whoever wrote it: the credentials go, the host stays. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/:@"]*:[^\s/@"]*@/gi;

function urlCredentials(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    return [u.password, decodeURIComponent(u.password)];
  } catch {
    return [];
  }
}

/**
 * Every configured secret in each form it can take in a JSON log line: as set, percent-decoded (a password taken
 * from a URL) and JSON-escaped (a quote or backslash in it). Longest first, so a secret containing another is
 * masked whole.
 */
export function secretValues(config: SecretSettings): string[] {
  const raw = [
    config.APP_SECRET,
    config.AUDIT_KEY,
    config.LINE_CHANNEL_ACCESS_TOKEN,
    config.LINE_CHANNEL_SECRET,
    config.METRICS_TOKEN,
    config.S3_SECRET_ACCESS_KEY,
    ...urlCredentials(config.DATABASE_URL),
    ...urlCredentials(config.DATABASE_APP_URL),
    ...urlCredentials(config.SMTP_URL),
  ].filter((v): v is string => typeof v === 'string' && v.length >= MIN_SCRUBBED_LENGTH);
  const forms = new Set<string>();
  for (const value of raw) {
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line.replace(URL_CREDENTIALS, `$1${MASK}:${MASK}@`);
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out;
}

/** The last line of defence: whatever a message or an error contains, the configured secrets never reach the sink. */
function scrubbingStream(target: DestinationStream, secrets: readonly string[]): DestinationStream {
  return { write: (line: string) => target.write(scrubSecrets(line, secrets)) };
}

/** Requests are logged by their route pattern: raw URLs carry sign-in and decision tokens. */
function requestSerializer(req: {
  method?: string;
  routeOptions?: { url?: string };
  host?: string;
  ip?: string;
}): Record<string, unknown> {
  return { method: req.method, route: req.routeOptions?.url ?? null, host: req.host, remoteAddress: req.ip };
}

/** Paths pino blanks before a record is written (the scrubbing stream catches what they miss). */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.url',
  'headers.cookie',
  'headers.authorization',
  '*.password',
  '*.token',
];

export interface LoggerOptions {
  /** Where JSON lines go; stdout (written synchronously, so a crash's last line is not lost) unless given. */
  destination?: DestinationStream;
  /** Bound to every line, e.g. `{ service: 'worker' }`. */
  base?: Record<string, unknown>;
}

/** JSON lines (pino) for the API, the worker and `npm start` in production; no configured secret in any of them. */
export function createLogger(
  config: SecretSettings & Pick<Config, 'LOG_LEVEL'>,
  options: LoggerOptions = {},
): Logger {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: REDACTED_PATHS,
      serializers: { req: requestSerializer, err: pino.stdSerializers.err },
    },
    scrubbingStream(destination, secretValues(config)),
  );
}
