import { allProjections, listProjectionCheckpoints } from '../projections';
import type { ApiDeps } from './api-deps';
import { type HeartbeatView, heartbeatsOf } from './heartbeats';

export interface ProjectionHealthView {
  readonly name: string;
  readonly eventsApplied: number;
  readonly updatedAt: string;
  /** Matching events committed after its checkpoint; null when the store cannot count them. */
  readonly lagEvents: number | null;
}

export interface HealthReport {
  /** Leader, every heartbeat under its limit, and the database answering. */
  readonly ready: boolean;
  /** Why not ready; empty when ready. */
  readonly reasons: readonly string[];
  readonly leader: boolean;
  readonly heartbeats: readonly HeartbeatView[];
  readonly database: { readonly ok: boolean; readonly latencyMs: number | null; readonly error: string | null };
  readonly projections: readonly ProjectionHealthView[];
  readonly uptimeSeconds: number;
  readonly checkedAt: string;
}

/** What the check reads: the database, the runtime's status, and (optionally) the projections' backlog. */
export type HealthDeps = Pick<ApiDeps, 'pool' | 'runtime' | 'backlog'>;

const DATABASE_TIMEOUT_MS = 2_000;

async function pingDatabase(deps: HealthDeps): Promise<HealthReport['database']> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.pool.query('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100, error: null };
  } catch (err) {
    return { ok: false, latencyMs: null, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

async function projectionHealth(deps: HealthDeps): Promise<ProjectionHealthView[]> {
  const rows = (await listProjectionCheckpoints(deps.pool)).filter((r) => r.target === 'live');
  return Promise.all(
    rows.map(async (r) => {
      const p = allProjections.find((x) => x.name === r.projection);
      const filter = p && p.eventTypes !== 'all' ? { eventTypes: p.eventTypes } : undefined;
      return {
        name: r.projection,
        eventsApplied: r.eventsApplied,
        updatedAt: r.updatedAt.toISOString(),
        lagEvents: deps.backlog ? await deps.backlog(r.checkpoint, filter) : null,
      };
    }),
  );
}

/**
 * The health of this API's instance: what SPEC calls ready (leader, every heartbeat under its
 * limit) and the database answering, with the reasons when not; projections' lag for information.
 */
export async function checkHealth(
  deps: HealthDeps,
  /** `projections: false`: readiness only (a probe does not need every read model's lag counted). */
  o: { readonly projections?: boolean } = {},
): Promise<HealthReport> {
  const rt = deps.runtime();
  const heartbeats = heartbeatsOf(rt);
  const database = await pingDatabase(deps);
  const projections = database.ok && o.projections !== false ? await projectionHealth(deps) : [];
  const limitS = rt.heartbeatLimitMs / 1000;
  const reasons = [
    ...(rt.leader ? [] : ['not the leader: this instance places no orders']),
    ...heartbeats
      .filter((h) => h.stale)
      .map((h) =>
        h.ageSeconds === null
          ? `heartbeat ${h.source} never beat`
          : `heartbeat ${h.source} is ${h.ageSeconds.toFixed(1)} s old (limit ${limitS} s)`,
      ),
    ...(database.ok ? [] : [`database unreachable: ${database.error}`]),
    ...(rt.degraded ?? []),
  ];
  return {
    ready: reasons.length === 0,
    reasons,
    leader: rt.leader,
    heartbeats,
    database,
    projections,
    uptimeSeconds: Math.round(process.uptime() * 10) / 10,
    checkedAt: new Date().toISOString(),
  };
}
