import type { FastifyInstance } from 'fastify';
import { declareRoute } from '../route-schemas';

/** A load balancer waits about this long; a check that takes longer counts as down rather than hanging the probe. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

export interface HealthCheck {
  ok: boolean;
  ms: number;
  /** A short code (ECONNREFUSED, 57P03, UNAVAILABLE, TIMEOUT): the full error goes to the log, not to the public. */
  error?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  checks: { postgres: HealthCheck; temporal: HealthCheck };
}

class CheckTimeout extends Error {
  readonly code = 'TIMEOUT';
}

/** A short, stable name for what went wrong; never the message, which can carry addresses and user names. */
function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | undefined;
  // gRPC errors carry a numeric code; their name (e.g. ServiceError) says less than the status it maps to.
  if (typeof e?.code === 'string' && e.code) return e.code;
  if (typeof e?.code === 'number') return GRPC_STATUS[e.code] ?? `GRPC_${e.code}`;
  return typeof e?.name === 'string' && e.name ? e.name : 'ERROR';
}

const GRPC_STATUS: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  4: 'DEADLINE_EXCEEDED',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

/** Runs one check with a time limit; at the limit the check is told to stop (Temporal's call is cancelled). */
async function timed(check: (signal: AbortSignal) => Promise<unknown>, timeoutMs: number): Promise<HealthCheck & { cause?: unknown }> {
  const started = performance.now();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new CheckTimeout(`no answer within ${timeoutMs} ms`));
      abort.abort();
    }, timeoutMs);
  });
  try {
    await Promise.race([check(abort.signal), timeout]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - started), error: errorCode(err), cause: err };
  } finally {
    clearTimeout(timer);
  }
}

const ROUTES = {
  ready: declareRoute({
    summary: { th: 'ความพร้อม: PostgreSQL และ Temporal', en: 'readiness: PostgreSQL and Temporal each answer' },
    responses: { 200: { th: 'พร้อม', en: 'ready' }, 503: { th: 'ส่วนใดส่วนหนึ่งไม่พร้อม', en: 'a part is not ready (named in checks)' } },
  }),
  live: declareRoute({ summary: { th: 'กระบวนการยังตอบ', en: 'liveness: the process answers' } }),
};

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  /** Readiness: PostgreSQL and Temporal each answer a trivial request, checked at the same time. */
  app.get('/api/health', { config: { schemas: ROUTES.ready } }, async (request, reply) => {
    const { pool, temporal } = app.deps;
    const [postgres, temporalCheck] = await Promise.all([
      timed(() => pool.query('SELECT 1'), HEALTH_CHECK_TIMEOUT_MS),
      timed(
        // The SDK retries an unreachable frontend with back-off; the deadline ends those retries with the check and
        // the abort cancels the attempt in flight.
        (signal) =>
          temporal.withAbortSignal(signal, () =>
            temporal.withDeadline(Date.now() + HEALTH_CHECK_TIMEOUT_MS, () => temporal.workflowService.getSystemInfo({})),
          ),
        HEALTH_CHECK_TIMEOUT_MS,
      ),
    ]);
    const checks: Health['checks'] = { postgres: publicPart(postgres), temporal: publicPart(temporalCheck) };
    for (const [name, check] of [['postgres', postgres], ['temporal', temporalCheck]] as const) {
      if (!check.ok) request.log.warn({ err: check.cause, check: name }, `${name} ไม่พร้อม / ${name} not ready`);
    }
    const ok = postgres.ok && temporalCheck.ok;
    const body: Health = { status: ok ? 'ok' : 'degraded', checks };
    return reply.status(ok ? 200 : 503).send(body);
  });

  /** Liveness: the process answers. It touches neither database nor Temporal, so an outage there restarts nothing. */
  app.get('/api/health/live', { config: { schemas: ROUTES.live } }, async () => ({ status: 'ok' }));
}

function publicPart({ ok, ms, error }: HealthCheck & { cause?: unknown }): HealthCheck {
  return error === undefined ? { ok, ms } : { ok, ms, error };
}
